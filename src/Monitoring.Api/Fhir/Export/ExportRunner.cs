using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Monitoring.Api.Data;

namespace Monitoring.Api.Fhir.Export;

/// <summary>
/// Writes one export: for each type asked, every resource of the ward (changed since <c>_since</c>) as one NDJSON
/// line, read a page at a time through the same sources as the searches. Each page is a short read of its own,
/// and after each the export rests as long as the page took, so that charting keeps at least half the machine;
/// progress is stored every few seconds, not every page, so the export seldom takes a writer's turn.
/// </summary>
public sealed class ExportRunner(DbSession session, FhirSources sources, ExportFiles files, TimeProvider clock, ILogger<ExportRunner> logger)
{
    public const int PageSize = 500;

    private DateTimeOffset _progressAt;
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(2);

    private const string WardAdmissions = "SELECT id FROM admissions WHERE ward_code = @Ward ORDER BY admitted_at, id";

    private const string Progress = "UPDATE fhir_exports SET progress = @Progress, heartbeat_at = @Now WHERE id = @Id";
    private const string Complete = """
        UPDATE fhir_exports SET status = @Status, outputs = @Outputs, progress = NULL, completed_at = @Now, expires_at = @ExpiresAt, heartbeat_at = @Now
        WHERE id = @Id
        """;

    // Who asked, named from their account: the export runs after their request has ended.
    private const string Audit = """
        INSERT INTO audit_log (occurred_at, user_id, username, role, action, admission_id, resource, client_address)
        SELECT @OccurredAt, u.id, u.username, u.role, 'fhir.export', @AdmissionId, @Resource, NULL FROM users u WHERE u.id = @UserId
        """;

    public async Task RunAsync(ExportJob job, CancellationToken cancellationToken)
    {
        var folder = files.Folder(job.Id);
        Directory.CreateDirectory(folder);
        var scope = FhirScope.OfWard(job.WardCode);
        var filter = new FhirFilter { Since = job.Since };
        var outputs = new List<ExportOutput>();
        var admissions = new HashSet<Guid>();
        _progressAt = clock.GetUtcNow();
        // A type charted per admission is read one admission at a time: each page is then an index seek on the
        // admission, where a ward-wide page in time order would sort the whole ward's rows every time.
        var wardAdmissions = await session.QueryAsync<Guid>(WardAdmissions, new { Ward = job.WardCode }, cancellationToken);
        foreach (var type in job.TypeList)
        {
            var source = sources.Get(type);
            var file = ExportFiles.FileName(type);
            long count = 0;
            await using (var writer = new StreamWriter(Path.Combine(folder, file), append: false, new UTF8Encoding(false)))
            {
                IEnumerable<FhirFilter> parts = type is "Patient" or "Encounter" ? [filter] : wardAdmissions.Select(id => filter with { Encounters = [id.ToString("D")] });
                foreach (var part in parts)
                {
                    count += await WriteAsync(job, type, source, scope, part, writer, admissions, count, cancellationToken);
                }
            }
            if (count > 0)
            {
                outputs.Add(new ExportOutput(type, file, count));
            }
            else
            {
                File.Delete(Path.Combine(folder, file));
            }
        }
        await FinishAsync(job, outputs, admissions, cancellationToken);
        logger.LogInformation("Export {Id} of ward {Ward} finished: {Files} files", job.Id, job.WardCode, outputs.Count);
    }

    private async Task<long> WriteAsync(ExportJob job, string type, IFhirSource source, FhirScope scope, FhirFilter filter, StreamWriter writer,
        HashSet<Guid> admissions, long before, CancellationToken cancellationToken)
    {
        long count = 0;
        FhirKey? after = null;
        while (true)
        {
            var started = Stopwatch.GetTimestamp();
            var page = await source.SearchAsync(scope, filter, after, PageSize, cancellationToken);
            foreach (var match in page.Matches)
            {
                await writer.WriteLineAsync(FhirJson.Serialize(match.Resource).AsMemory(), cancellationToken);
                if (match.AdmissionId is { } admission)
                {
                    admissions.Add(admission);
                }
            }
            count += page.Matches.Count;
            if (clock.GetUtcNow() - _progressAt >= ProgressEvery)
            {
                _progressAt = clock.GetUtcNow();
                await session.ExecuteAsync(Progress, new { job.Id, Progress = $"{type}: {before + count} resources", Now = _progressAt }, cancellationToken);
            }
            if (!page.More)
            {
                return count;
            }
            after = page.Matches[^1].Key;
            await Task.Delay(Stopwatch.GetElapsedTime(started), cancellationToken);
        }
    }

    private async Task FinishAsync(ExportJob job, List<ExportOutput> outputs, HashSet<Guid> admissions, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await session.BeginAsync(cancellationToken);
        try
        {
            foreach (var admission in admissions.DefaultIfEmpty())
            {
                await session.ExecuteAsync(Audit, new
                {
                    OccurredAt = now,
                    AdmissionId = admission == Guid.Empty ? (Guid?)null : admission,
                    Resource = $"fhir/Group/{job.WardCode}/$export/{job.Id}",
                    UserId = job.RequestedBy,
                }, cancellationToken);
            }
            await session.ExecuteAsync(Complete, new
            {
                job.Id,
                Status = ExportStatuses.Completed,
                Outputs = JsonSerializer.Serialize(outputs),
                Now = now,
                ExpiresAt = now + ExportFiles.Lifetime,
            }, cancellationToken);
            await session.CommitAsync(cancellationToken);
        }
        catch
        {
            await session.AbandonAsync();
            throw;
        }
    }
}
