using Monitoring.Api.Data;

namespace Monitoring.Api.Fhir.Export;

/// <summary>One bulk export request as stored in <c>fhir_exports</c>.</summary>
public sealed record ExportJob
{
    public Guid Id { get; init; }
    public string WardCode { get; init; } = "";
    public Guid RequestedBy { get; init; }
    public DateTimeOffset RequestedAt { get; init; }
    public string RequestUrl { get; init; } = "";
    public string Types { get; init; } = "";
    public DateTimeOffset? Since { get; init; }
    public string Status { get; init; } = "";
    public string? Progress { get; init; }
    public string? Outputs { get; init; }
    public string? Error { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }

    public IReadOnlyList<string> TypeList => Types.Split(',', StringSplitOptions.RemoveEmptyEntries);
}

public static class ExportStatuses
{
    public const string Accepted = "accepted";
    public const string InProgress = "in-progress";
    public const string Completed = "completed";
    public const string Failed = "failed";
}

/// <summary>One NDJSON file of a finished export: its type, file name and how many resources it holds.</summary>
public sealed record ExportOutput(string Type, string File, long Count);

/// <summary>Where an export's files live: <c>{Monitoring:DataPath}/fhir-exports/{id}/{Type}.ndjson</c>.</summary>
public sealed class ExportFiles(DatabaseOptions options)
{
    /// <summary>Files and their rows are removed this long after the export finished.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    public string Root => Path.Combine(options.DataPath, "fhir-exports");

    public string Folder(Guid job) => Path.Combine(Root, job.ToString("N"));

    public static string FileName(string type) => $"{type}.ndjson";

    public void Delete(Guid job)
    {
        var folder = Folder(job);
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

public static class ExportSql
{
    public const string Columns = """
        SELECT id AS Id, ward_code AS WardCode, requested_by AS RequestedBy, requested_at AS RequestedAt, request_url AS RequestUrl,
               types AS Types, since AS Since, status AS Status, progress AS Progress, outputs AS Outputs, error AS Error,
               completed_at AS CompletedAt, expires_at AS ExpiresAt
        FROM fhir_exports
        """;
}
