using HdrHistogram;

namespace Monitoring.Benchmark;

/// <summary>Latencies in microseconds, one HDR histogram per worker, merged for the report.</summary>
public sealed class Latency
{
    private readonly LongHistogram _histogram = new(TimeSpan.FromMinutes(5).Ticks / 10, 3);
    private readonly Lock _gate = new();

    public long Count
    {
        get
        {
            lock (_gate)
            {
                return _histogram.TotalCount;
            }
        }
    }

    public void Record(TimeSpan elapsed)
    {
        lock (_gate)
        {
            _histogram.RecordValue(Math.Max(1, (long)elapsed.TotalMicroseconds));
        }
    }

    public LatencySummary Summary()
    {
        lock (_gate)
        {
            double Ms(double percentile) => _histogram.TotalCount == 0 ? 0 : _histogram.GetValueAtPercentile(percentile) / 1000.0;
            return new LatencySummary(_histogram.TotalCount, Ms(50), Ms(95), Ms(99), _histogram.TotalCount == 0 ? 0 : _histogram.GetMaxValue() / 1000.0);
        }
    }
}

public sealed record LatencySummary(long Count, double P50Ms, double P95Ms, double P99Ms, double MaxMs);
