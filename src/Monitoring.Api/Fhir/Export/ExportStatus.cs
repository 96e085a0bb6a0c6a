using System.Text.Json;
using Mediator;
using Monitoring.Api.Audit;
using Monitoring.Api.Data;
using Monitoring.Api.Errors;
using Monitoring.Api.Pipeline;
using Monitoring.Api.Security;

namespace Monitoring.Api.Fhir.Export;

/// <summary>An export's status, its files and their removal: for the user who asked for it only (anyone else: 404).</summary>
public static class ExportStatus
{
    public sealed record Query(Guid Id) : IQuery<ExportJob>;

    public sealed record Download(Guid Id, string File) : IQuery<string>;

    public sealed record Cancel(Guid Id) : IWriteCommand<bool>
    {
        public string? IdempotencyKey => null;
    }

    /// <summary>The manifest of a completed export (Bulk Data Access 2.0).</summary>
    public static object Manifest(ExportJob job, string baseUrl) => new
    {
        transactionTime = job.RequestedAt,
        request = job.RequestUrl,
        requiresAccessToken = true,
        output = (JsonSerializer.Deserialize<List<ExportOutput>>(job.Outputs ?? "[]") ?? [])
            .Select(o => new { type = o.Type, url = $"{baseUrl}/$export-file/{job.Id}/{o.File}", count = o.Count }),
        error = Array.Empty<object>(),
    };

    internal static async Task<ExportJob> OwnAsync(DbSession session, CurrentUser user, Guid id, CancellationToken cancellationToken)
    {
        var job = await session.QuerySingleOrDefaultAsync<ExportJob>(ExportSql.Columns + " WHERE id = @Id", new { Id = id }, cancellationToken);
        return job is not null && job.RequestedBy == user.Id ? job : throw new NotFoundException($"Export {id} is not known (or has expired).");
    }

    public sealed class Handler(DbSession session, CurrentUser user) : IQueryHandler<Query, ExportJob>
    {
        public async ValueTask<ExportJob> Handle(Query query, CancellationToken cancellationToken) => await OwnAsync(session, user, query.Id, cancellationToken);
    }

    public sealed class DownloadHandler(DbSession session, CurrentUser user, ExportFiles files, AuditTrail audit) : IQueryHandler<Download, string>
    {
        public async ValueTask<string> Handle(Download query, CancellationToken cancellationToken)
        {
            var job = await OwnAsync(session, user, query.Id, cancellationToken);
            var outputs = JsonSerializer.Deserialize<List<ExportOutput>>(job.Outputs ?? "[]") ?? [];
            var output = outputs.FirstOrDefault(o => o.File == query.File) ?? throw new NotFoundException($"Export {query.Id} has no file {query.File}.");
            await audit.RecordAsync("fhir.export.download", null, $"fhir/$export-file/{job.Id}/{output.File}", cancellationToken);
            return Path.Combine(files.Folder(job.Id), output.File);
        }
    }

    private const string DeleteJob = "DELETE FROM fhir_exports WHERE id = @Id";

    public sealed class CancelHandler(DbSession session, CurrentUser user, ExportFiles files, AuditTrail audit) : ICommandHandler<Cancel, bool>
    {
        public async ValueTask<bool> Handle(Cancel command, CancellationToken cancellationToken)
        {
            var job = await OwnAsync(session, user, command.Id, cancellationToken);
            await session.ExecuteAsync(DeleteJob, new { job.Id }, cancellationToken);
            await audit.RecordAsync("fhir.export.deleted", null, $"fhir/$export-status/{job.Id}", cancellationToken);
            session.AfterCommit(() => files.Delete(job.Id));
            return true;
        }
    }
}
