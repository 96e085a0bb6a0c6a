using System.Diagnostics.Metrics;
using Monitoring.Api.Telemetry;

namespace Monitoring.Api.Devices;

/// <summary>What the monitor feed counts: messages by acknowledgement, samples by fate, connections refused. No patient data.</summary>
public sealed class DeviceTelemetry
{
    private readonly Meter _meter;
    private readonly Counter<long> _messages;
    private readonly Counter<long> _samples;
    private readonly Counter<long> _refusedConnections;
    private readonly Counter<long> _alarmRebuilds;

    public DeviceTelemetry(IMeterFactory meters)
    {
        _meter = meters.Create(MonitoringTelemetry.Name, "1.0");
        _messages = _meter.CreateCounter<long>("monitoring.devices.messages", "{message}", "Monitor messages answered, by acknowledgement code and error code.");
        _samples = _meter.CreateCounter<long>("monitoring.devices.samples", "{sample}", "Monitor numerics, by fate: stored, duplicate, invalid (and why), dropped for their time, skipped (unknown code).");
        _refusedConnections = _meter.CreateCounter<long>("monitoring.devices.connections.refused", "{connection}", "MLLP connections closed at connect: the sender is outside AllowedSenders.");
        _alarmRebuilds = _meter.CreateCounter<long>("monitoring.devices.alarms.rebuilt", "{admission}", "Admissions whose alarm state was rebuilt from stored samples (a restart, a failover, a failed write).");
    }

    public void Answered(string code, int errorCode) =>
        _messages.Add(1, new KeyValuePair<string, object?>("ack", code), new KeyValuePair<string, object?>("error", errorCode));

    public void Samples(string fate, long count)
    {
        if (count > 0)
        {
            _samples.Add(count, new KeyValuePair<string, object?>("fate", fate));
        }
    }

    public void ConnectionRefused() => _refusedConnections.Add(1);

    public void AlarmStateRebuilt() => _alarmRebuilds.Add(1);

}
