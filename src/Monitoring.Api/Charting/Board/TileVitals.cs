using Monitoring.Api.Charting.Observations;
using Monitoring.Clinical;

namespace Monitoring.Api.Charting.Board;

/// <summary>
/// What a tile shows of the patient, not of the last row: the latest valid value of each parameter with its time and
/// the service's flag for it, and the last complete NEWS2 (the worse of two that conflict within 10 min).
/// </summary>
public static class TileVitals
{
    public static (LatestNews2? News2, LatestVitals? Vitals) Of(IReadOnlyList<Row> newestFirst, bool news2HighOpen)
    {
        if (newestFirst.Count == 0)
        {
            return (null, null);
        }
        var latest = newestFirst[0];
        var complete = DecisiveSet.Of([.. newestFirst.Where(row => row.Total is not null && row.Band is not null)], row => row.ObservedAt, row => ChartReader.ParseBand(row.Band!));
        var shown = complete ?? latest;
        var band = shown.Band is null ? (News2Band?)null : ChartReader.ParseBand(shown.Band);
        var news2 = new LatestNews2(shown.Total, band, shown.ObservedAt)
        {
            NewerPartialAt = complete is not null && latest.Total is null && latest.ObservedAt > complete.ObservedAt ? latest.ObservedAt : null,
            CensusBand = news2HighOpen ? News2Band.High : band,
        };

        var flags = new Dictionary<string, int>();
        var times = new Dictionary<string, DateTimeOffset>();
        Row? Latest(string parameter, Func<Row, bool> charted)
        {
            var row = newestFirst.FirstOrDefault(charted);
            if (row is not null)
            {
                times[parameter] = row.ObservedAt;
                if (TileFlags.Of(row.News2Parameters, row.Sedation).TryGetValue(parameter, out var flag))
                {
                    flags[parameter] = flag;
                }
            }
            return row;
        }
        var rate = Latest("respiratoryRate", row => row.RespiratoryRate is not null);
        var saturation = Latest("spo2", row => row.Spo2 is not null);
        var sedation = Latest("sedation", row => row.Sedation is not null);
        var consciousness = Latest("consciousness", row => row.Consciousness is not null);
        var vitals = new LatestVitals(rate?.RespiratoryRate, saturation?.Spo2, saturation?.OnOxygen, sedation?.Sedation, consciousness?.Consciousness, latest.ObservedAt)
        {
            ObservedAtOf = times,
            Spo2Scale = saturation?.Spo2Scale ?? latest.Spo2Scale,
            Flags = flags,
        };
        return (news2, vitals);
    }

    public sealed record Row
    {
        public Guid AdmissionId { get; init; }
        public int? Total { get; init; }
        public string? Band { get; init; }
        public DateTimeOffset ObservedAt { get; init; }
        public int? RespiratoryRate { get; init; }
        public int? Spo2 { get; init; }
        public bool? OnOxygen { get; init; }
        public string? Sedation { get; init; }
        public string? Consciousness { get; init; }
        public int Spo2Scale { get; init; } = 1;
        public string News2Parameters { get; init; } = "{}";
    }
}
