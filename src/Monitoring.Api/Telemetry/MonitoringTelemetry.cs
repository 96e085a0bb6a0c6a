using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Monitoring.Api.Telemetry;

/// <summary>
/// The service's own meters and trace source: what a hospital's monitoring stack watches besides
/// HTTP and SQL. Names follow OpenTelemetry conventions; values never carry patient data.
/// </summary>
public sealed class MonitoringTelemetry
{
    public const string Name = "Monitoring";

    private readonly Meter _meter;
    private readonly Counter<long> _readings;
    private readonly Counter<long> _alerts;
    private readonly Histogram<double> _delivery;
    private readonly UpDownCounter<long> _connections;
    private readonly Counter<long> _signInFailures;
    private readonly Counter<long> _boardsDropped;
    private readonly Histogram<long> _statements;
    private double _outboxLagSeconds;

    // The host's meter factory owns the meter: each service (and each test's service) gets its own, disposed with it.
    public MonitoringTelemetry(IMeterFactory meters)
    {
        _meter = meters.Create(Name, "1.0");
        _readings = _meter.CreateCounter<long>("monitoring.readings.charted", "{reading}", "Readings committed, by kind.");
        _alerts = _meter.CreateCounter<long>("monitoring.alerts.raised", "{alert}", "Alerts raised, by code and priority.");
        _delivery = _meter.CreateHistogram<double>("monitoring.ward_events.delivery", "s", "From the change's transaction to the event's push to the ward's hub group.");
        _meter.CreateObservableGauge("monitoring.outbox.lag", () => Volatile.Read(ref _outboxLagSeconds), "s", "Age of the oldest ward event not yet sent, at the dispatcher's last pass.");
        _connections = _meter.CreateUpDownCounter<long>("monitoring.hub.connections", "{connection}", "Dashboards connected to the ward hub of this instance.");
        _signInFailures = _meter.CreateCounter<long>("monitoring.sign_in.failures", "{attempt}", "Refused sign-ins, by answer status.");
        _boardsDropped = _meter.CreateCounter<long>("monitoring.hub.boards_dropped", "{connection}", "Dashboards disconnected because their send queue was full.");
        _statements = _meter.CreateHistogram<long>("monitoring.db.statements", "{statement}", "SQL statements a committed write ran, by command (transaction control not counted).");
    }

    /// <summary>
    /// The service's spans: <c>monitoring.transaction &lt;Command&gt;</c> around each write command,
    /// <c>monitoring.dispatch</c> per ward event pushed (child of the transaction that wrote it) and
    /// <c>monitoring.dispatch.batch</c> per dispatcher pass.
    /// </summary>
    public static ActivitySource Source { get; } = new(Name, "1.0");

    public const string DispatchSpan = "monitoring.dispatch";

    public const string DispatchBatchSpan = "monitoring.dispatch.batch";

    public const string TransactionSpanPrefix = "monitoring.transaction ";

    /// <summary>Attribute names on the service's spans; values name wards, sequences and types, never patients.</summary>
    public static class Tags
    {
        public const string Command = "monitoring.command";
        public const string Outcome = "monitoring.transaction.outcome";
        public const string Attempts = "monitoring.transaction.attempts";
        public const string ErrorType = "error.type";
        public const string Ward = "monitoring.ward";
        public const string Sequence = "monitoring.ward_event.sequence";
        public const string EventType = "monitoring.ward_event.type";
        public const string EventId = "monitoring.ward_event.id";
        public const string Events = "monitoring.events";
    }

    public void ReadingCharted(string kind) => _readings.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public void AlertRaised(string code, string priority) =>
        _alerts.Add(1, new KeyValuePair<string, object?>("code", code), new KeyValuePair<string, object?>("priority", priority));

    public void EventDelivered(string type, TimeSpan sinceCommit) =>
        _delivery.Record(Math.Max(0, sinceCommit.TotalSeconds), new KeyValuePair<string, object?>("type", type));

    public void OutboxLag(TimeSpan age) => Volatile.Write(ref _outboxLagSeconds, Math.Max(0, age.TotalSeconds));

    public void HubConnected() => _connections.Add(1);

    public void HubDisconnected() => _connections.Add(-1);

    public void BoardDropped() => _boardsDropped.Add(1);

    public void SignInRefused(int status) => _signInFailures.Add(1, new KeyValuePair<string, object?>("status", status));

    /// <summary>The command's name without its feature's class, e.g. RecordVitals.</summary>
    public void WriteCommitted(Type command, int statements) =>
        _statements.Record(statements, new KeyValuePair<string, object?>("command", command.DeclaringType?.Name ?? command.Name));

}
