namespace Monitoring.Benchmark;

/// <summary>Command-line options; every scenario is bounded in count and time.</summary>
public sealed record Options
{
    public bool Smoke { get; init; }
    public bool Large { get; init; }
    public bool IngestOnly { get; init; }
    public int Seconds { get; init; } = 10;
    public int Clients { get; init; } = 8;
    public int AlertRate { get; init; } = 200;
    public int Dashboards { get; init; } = 200;
    public IReadOnlyList<int> FanOut { get; init; } = [10, 100, 1000];
    public IReadOnlyList<int> WardSizes { get; init; } = [12, 100, 1000];
    public IReadOnlyList<int> HistorySizes { get; init; } = [1_000, 10_000, 100_000];
    public string Output { get; init; } = "benchmark-results.json";

    public static Options Parse(string[] args)
    {
        var options = new Options();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => args[++i];
            options = args[i] switch
            {
                "--smoke" => options with
                {
                    Smoke = true,
                    Seconds = 1,
                    Clients = 2,
                    AlertRate = 20,
                    Dashboards = 5,
                    FanOut = [5],
                    WardSizes = [12],
                    HistorySizes = [200],
                },
                "--large" => options with { Large = true, HistorySizes = [1_000, 10_000, 100_000, 1_000_000] },
                "--ingest" => options with { IngestOnly = true },
                "--seconds" => options with { Seconds = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture) },
                "--clients" => options with { Clients = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture) },
                "--alert-rate" => options with { AlertRate = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture) },
                "--dashboards" => options with { Dashboards = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture) },
                "--out" => options with { Output = Next() },
                _ => throw new ArgumentException($"Unknown option {args[i]}. Options: --smoke --large --seconds N --clients N --alert-rate N --dashboards N --out FILE --ingest (baselines and closed-loop ingest only); alone: --timeline [N] (timeline pages of an N-entry stay only), --reports [days] (reports and handover of a 60-bed ward), --failover N"),
            };
        }
        return options;
    }
}
