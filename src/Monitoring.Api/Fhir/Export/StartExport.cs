using System.Globalization;
using System.Text.RegularExpressions;
using Mediator;
using Monitoring.Api.Audit;
using Monitoring.Api.Data;
using Monitoring.Api.Pipeline;
using Monitoring.Api.Security;

namespace Monitoring.Api.Fhir.Export;

/// <summary>
/// <c>GET /fhir/Group/{ward}/$export</c> (FHIR Bulk Data Access, kick-off): checks the request strictly,
/// stores the job and wakes the exporter; the client polls the status URL it is given.
/// </summary>
public static partial class StartExport
{
    public static readonly IReadOnlyList<string> OutputFormats = ["application/fhir+ndjson", "application/ndjson", "ndjson"];

    public sealed record Command(string Ward, string RequestUrl, IReadOnlyList<string> Types, DateTimeOffset? Since) : IWriteCommand<Guid>
    {
        public string? IdempotencyKey => null;
    }

    private const string Insert = """
        INSERT INTO fhir_exports (id, ward_code, requested_by, requested_at, request_url, types, since, status, expires_at)
        VALUES (@Id, @Ward, @RequestedBy, @RequestedAt, @RequestUrl, @Types, @Since, @Status, @ExpiresAt)
        """;

    /// <summary>Reads the kick-off's parameters: <c>_type</c>, <c>_since</c>, <c>_outputFormat</c>; anything else is a 400.</summary>
    public static (IReadOnlyList<string> Types, DateTimeOffset? Since) Parse(IQueryCollection query, IReadOnlyList<string> servedTypes)
    {
        foreach (var (name, values) in query)
        {
            if (name is not ("_type" or "_since" or "_outputFormat"))
            {
                throw FhirSearchException.NotSupported($"$export: '{name}' is not supported. Supported: _type, _since, _outputFormat.");
            }
            if (values.Count != 1 || string.IsNullOrWhiteSpace(values[0]))
            {
                throw new FhirSearchException($"$export: give '{name}' once, with a value.");
            }
        }
        if (query.TryGetValue("_outputFormat", out var format) && !OutputFormats.Contains(format[0]))
        {
            throw FhirSearchException.NotSupported($"$export: _outputFormat '{format[0]}' is not served; use application/fhir+ndjson.");
        }
        var types = servedTypes;
        if (query.TryGetValue("_type", out var typeText))
        {
            types = [.. typeText[0]!.Split(',').Select(t => t.Trim()).Distinct()];
            if (types.FirstOrDefault(t => !servedTypes.Contains(t)) is { } unknown)
            {
                throw FhirSearchException.NotSupported($"$export: _type '{unknown}' is not exported. Exported: {string.Join(", ", servedTypes)}.");
            }
        }
        DateTimeOffset? since = null;
        if (query.TryGetValue("_since", out var sinceText))
        {
            since = InstantPattern().IsMatch(sinceText[0]!)
                && DateTimeOffset.TryParse(sinceText[0], CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)
                ? parsed.ToUniversalTime()
                : throw new FhirSearchException($"$export: _since '{sinceText[0]}' is not a FHIR instant (e.g. 2026-03-01T00:00:00Z).");
        }
        return (types, since);
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?(Z|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex InstantPattern();

    private const string WardExists = "SELECT COUNT(*) FROM wards WHERE code = @Ward";

    public sealed class Handler(DbSession session, CurrentUser user, AuditTrail audit, ExportSignal signal, TimeProvider clock)
        : ICommandHandler<Command, Guid>
    {
        public async ValueTask<Guid> Handle(Command command, CancellationToken cancellationToken)
        {
            var missing = $"Group/{command.Ward} is not known.";
            // A ward that does not exist and one the caller may not see answer alike.
            if (await session.ExecuteScalarAsync<long>(WardExists, new { command.Ward }, cancellationToken) == 0)
            {
                throw new Errors.NotFoundException(missing);
            }
            user.EnsureCanSeeWardOrNotFound(command.Ward, missing, null, $"fhir/Group/{command.Ward}");
            var id = Guid.CreateVersion7();
            var now = clock.GetUtcNow();
            await session.ExecuteAsync(Insert, new
            {
                Id = id,
                command.Ward,
                RequestedBy = user.Id,
                RequestedAt = now,
                command.RequestUrl,
                Types = string.Join(',', command.Types),
                command.Since,
                Status = ExportStatuses.Accepted,
                ExpiresAt = now + ExportFiles.Lifetime,
            }, cancellationToken);
            await audit.RecordAsync("fhir.export.requested", null, $"fhir/Group/{command.Ward}/$export/{id}", cancellationToken);
            session.AfterCommit(signal.Wake);
            return id;
        }
    }
}
