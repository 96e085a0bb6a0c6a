namespace Monitoring.Api.Features.Reports;

/// <summary>
/// Nearest-rank percentiles: the p-th percentile of n values sorted ascending is the value at rank ⌈p/100 × n⌉
/// (1-based). Always one of the measured values, never interpolated, so a figure can be traced to one alert.
/// </summary>
public static class Percentile
{
    public static double? NearestRank(IReadOnlyList<double> values, int percent)
    {
        if (values.Count == 0)
        {
            return null;
        }
        var sorted = values.Order().ToList();
        var rank = (int)Math.Ceiling(percent / 100.0 * sorted.Count);
        return sorted[Math.Max(rank, 1) - 1];
    }
}
