using Monitoring.Api.Charting.Alerts;
using Monitoring.Clinical;

namespace Monitoring.Api.Realtime;

/// <summary>
/// One thing that happened on a ward, as dashboards receive it. <see cref="Sequence"/> is per ward,
/// gap-free and increasing; <see cref="Id"/> lets a client drop an event it has already seen.
/// </summary>
public sealed record WardEvent(
    long Sequence,
    Guid Id,
    string Ward,
    string Type,
    DateTimeOffset OccurredAt,
    Guid? AdmissionId,
    AlertView? Alert,
    ObservationSummary? Observation);

/// <summary>
/// What was charted: vitals carry their NEWS2, an assessment its total and severity on its scale
/// (<see cref="Kind"/>); <see cref="CowsTotal"/> and <see cref="CowsSeverity"/> repeat a COWS for older clients.
/// </summary>
public sealed record ObservationSummary(
    Guid Id,
    string Kind,
    DateTimeOffset ObservedAt,
    int? News2Total,
    News2Band? News2Band,
    int? CowsTotal,
    string? CowsSeverity,
    int? Total = null,
    string? Severity = null)
{
    public static ObservationSummary OfVitals(Guid id, DateTimeOffset observedAt, int? news2Total, News2Band? news2Band) =>
        new(id, "vitals", observedAt, news2Total, news2Band, null, null);

    public static ObservationSummary Of(Guid id, string kind, DateTimeOffset observedAt, int total, string severity) =>
        kind == CowsScale.Instance.Kind
            ? new(id, kind, observedAt, null, null, total, severity, total, severity)
            : new(id, kind, observedAt, null, null, null, null, total, severity);
}

public static class WardEventTypes
{
    public const string AlertRaised = "alertRaised";
    public const string AlertChanged = "alertChanged";
    public const string ObservationRecorded = "observationRecorded";
    public const string CensusChanged = "censusChanged";
    public const string AudioPaused = "audioPaused";
}

/// <summary>What a dashboard receives. Method names are the wire names of the contract.</summary>
public interface IWardClient
{
#pragma warning disable IDE1006 // camelCase: SignalR uses the method name as the event name clients subscribe to.
    Task alertRaised(WardEvent wardEvent);

    Task alertChanged(WardEvent wardEvent);

    Task observationRecorded(WardEvent wardEvent);

    Task censusChanged(WardEvent wardEvent);

    Task audioPaused(WardEvent wardEvent);
#pragma warning restore IDE1006
}
