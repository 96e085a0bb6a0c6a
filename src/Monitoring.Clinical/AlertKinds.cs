namespace Monitoring.Clinical;

/// <summary>
/// An alert code in the words a nurse uses, and its place among alerts of the same priority: the lower
/// <see cref="Rank"/> is shown first, so the threat to breathing always heads a bed's list.
/// </summary>
public sealed record AlertKind(string Code, string Name, int Rank);

/// <summary>Every alert the service raises, the scales' own included; the dashboard shows these words and this order.</summary>
public static class AlertKinds
{
    /// <summary>The alerts of the vital signs, doses, monitors and schedule; the scales add their own.</summary>
    public static IReadOnlyList<AlertKind> General { get; } =
    [
        new(AlertCodes.RespiratoryDepression, "Respiratory depression", 10),
        new(AlertCodes.MonitorApnoea, "Monitor: apnoea", 11),
        new(AlertCodes.Oversedation, "Over-sedation", 12),
        new(AlertCodes.MonitorBradypnoea, "Monitor: slow breathing", 13),
        new(AlertCodes.Hypoxaemia, "Low oxygen saturation", 14),
        new(AlertCodes.MonitorHypoxaemia, "Monitor: low SpO2", 15),
        new(AlertCodes.PrecipitatedWithdrawal, "Precipitated withdrawal", 20),
        new(AlertCodes.AgonistDuringWatch, "Opioid given during the naloxone watch", 21),
        new(AlertCodes.NaloxoneGiven, "Naloxone given", 22),
        new(AlertCodes.News2High, "NEWS2 high: emergency response", 30),
        new(AlertCodes.MonitorEtco2, "Monitor: EtCO2", 31),
        new(AlertCodes.MonitorSignalLost, "Monitor: signal lost", 32),
        new(AlertCodes.MonitorOffline, "Monitor: offline", 33),
        new(AlertCodes.News2Medium, "NEWS2 medium: urgent response", 50),
        new(AlertCodes.News2SingleParameter, "NEWS2: one vital sign scores 3", 51),
        new(AlertCodes.MonitorHeartRate, "Monitor: heart rate", 52),
        new(AlertCodes.HypotensionRisk, "Risk of low blood pressure", 53),
        new(AlertCodes.OverOxygenation, "Too much oxygen", 54),
        new(AlertCodes.BuprenorphineTooEarly, "Buprenorphine too early", 60),
        new(AlertCodes.ObservationsOverdue, "Observations overdue", 90),
    ];

    /// <summary>All kinds, most urgent first.</summary>
    public static IReadOnlyList<AlertKind> All => _all ??= [.. General.Concat(AssessmentScales.All.SelectMany(scale => scale.Alerts)).OrderBy(kind => kind.Rank)];

    private static IReadOnlyList<AlertKind>? _all;

    public static AlertKind? Find(string code) => All.FirstOrDefault(kind => kind.Code == code);
}
