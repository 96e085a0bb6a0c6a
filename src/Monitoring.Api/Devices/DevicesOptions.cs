using System.Net;

namespace Monitoring.Api.Devices;

/// <summary>Settings of the bedside monitor feed (<c>Monitoring:Devices</c>).</summary>
public sealed class DevicesOptions
{
    public const string Section = "Monitoring:Devices";
    public const int MaximumFrameBytes = 1024 * 1024;

    /// <summary>The MLLP port; 0 or absent leaves the listener off.</summary>
    public int MllpPort { get; set; }

    public string MllpAddress { get; set; } = "127.0.0.1";

    /// <summary>CIDR ranges whose connections are served; others are closed at connect. Empty: loopback only.</summary>
    // No initial items: the configuration binder would add the configured ranges to them, not replace them.
    public string[] AllowedSenders { get; set; } = [];

    /// <summary>How long a message may wait for its commit before it is answered AE 207 (the commit may still land: a resend is then a duplicate).</summary>
    public int StoreTimeoutSeconds { get; set; } = 10;

    /// <summary>Checked messages waiting for the writer before connections wait to hand theirs over (back-pressure, never dropped).</summary>
    public int QueueLength { get; set; } = 4096;

    /// <summary>The most messages the writer stores in one transaction.</summary>
    public int BatchMessages { get; set; } = 128;

    public string ApplicationName { get; set; } = "MONITORING";

    public string FacilityName { get; set; } = "";

    /// <summary>Accepts numerics with OBX-11 X, for gateways that send every value so.</summary>
    public bool AcceptStatusX { get; set; }

    public int RetentionDays { get; set; } = 14;

    public int IdleTimeoutSeconds { get; set; } = 300;

    /// <summary>A monitor last heard longer ago than this is "stale" on the board; after <see cref="OfflineSeconds"/>, "offline".</summary>
    public int StaleSeconds { get; set; } = 30;

    public int OfflineSeconds { get; set; } = 120;

    public bool Enabled => MllpPort > 0;

    public bool Allows(IPAddress address)
    {
        var candidate = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        string[] ranges = AllowedSenders.Length > 0 ? AllowedSenders : ["127.0.0.0/8", "::1/128"];
        return ranges.Any(range => IPNetwork.TryParse(range.Trim(), out var network) && network.Contains(candidate));
    }
}
