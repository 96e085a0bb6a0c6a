using Monitoring.Clinical;

namespace Monitoring.Api.Charting;

/// <summary>
/// Scales a unit adds as data: each file named under <c>Monitoring:Scales:Descriptions</c> is a JSON description
/// (see <see cref="DescribedScale"/>), registered before anything reads the scales. A faulty or missing file stops
/// the start with its reasons: a ward must not open believing a scale is charted that is not.
/// </summary>
public static class DescribedScales
{
    public const string Section = "Monitoring:Scales:Descriptions";

    public static void RegisterFrom(IConfiguration configuration, string contentRoot)
    {
        foreach (var path in configuration.GetSection(Section).Get<string[]>() ?? [])
        {
            var full = Path.GetFullPath(path, contentRoot);
            if (!File.Exists(full))
            {
                throw new InvalidScaleException(full, ["The file does not exist."]);
            }
            AssessmentScales.Register(DescribedScale.Parse(File.ReadAllText(full), full));
        }
    }
}
