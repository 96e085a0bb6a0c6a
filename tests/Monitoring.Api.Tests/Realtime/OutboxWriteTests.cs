using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Monitoring.Api.Data;
using Monitoring.Api.Realtime;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Realtime;

/// <summary>
/// The ward events of a transaction are written together just before it commits: numbered per ward in
/// the order they happened, gap-free, however many; and never carried from a rolled-back attempt into its retry.
/// </summary>
public sealed class OutboxWriteTests
{
    private InProcessService _service = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _service = await InProcessService.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync() => await _service.DisposeAsync();

    [Test]
    public async Task Events_of_an_attempt_that_was_rolled_back_are_not_written_by_its_retry()
    {
        var ward = await NewWardAsync("ORB");
        var before = await SequencesAsync(ward);
        await using var scope = _service.Services.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        var outbox = scope.ServiceProvider.GetRequiredService<Outbox>();

        await session.BeginAsync(CancellationToken.None);
        outbox.Enqueue(ward, WardEventTypes.CensusChanged, null, null, null);
        outbox.Enqueue(ward, WardEventTypes.AudioPaused, null, null, null);
        await session.AbandonAsync();
        await session.BeginAsync(CancellationToken.None);
        outbox.Enqueue(ward, WardEventTypes.CensusChanged, null, null, null);
        await session.CommitAsync(CancellationToken.None);

        var after = await SequencesAsync(ward);
        Assert.That(after.Skip(before.Count).Select(row => row.Type), Is.EqualTo(new[] { WardEventTypes.CensusChanged }), "only the retry's event");
        Assert.That(after.Select(row => row.Sequence), Is.EqualTo(Enumerable.Range(1, after.Count).Select(n => (long)n)), "gap-free");
    }

    [Test]
    public async Task Many_events_on_two_wards_are_numbered_per_ward_in_the_order_they_happened()
    {
        var (first, second) = (await NewWardAsync("OMA"), await NewWardAsync("OMB"));
        var (firstBefore, secondBefore) = ((await SequencesAsync(first)).Count, (await SequencesAsync(second)).Count);
        await using var scope = _service.Services.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        var outbox = scope.ServiceProvider.GetRequiredService<Outbox>();
        var expectedFirst = new List<string>();

        await session.BeginAsync(CancellationToken.None);
        // More than one insert's worth (32), interleaved with the other ward's, types alternating so the order shows.
        for (var i = 0; i < 40; i++)
        {
            var type = i % 2 == 0 ? WardEventTypes.CensusChanged : WardEventTypes.AudioPaused;
            outbox.Enqueue(first, type, null, null, null);
            expectedFirst.Add(type);
            if (i % 13 == 0)
            {
                outbox.Enqueue(second, WardEventTypes.CensusChanged, null, null, null);
            }
        }
        await session.CommitAsync(CancellationToken.None);

        var firstRows = await SequencesAsync(first);
        var secondRows = await SequencesAsync(second);
        Assert.Multiple(() =>
        {
            Assert.That(firstRows.Skip(firstBefore).Select(row => row.Type), Is.EqualTo(expectedFirst));
            Assert.That(firstRows.Select(row => row.Sequence), Is.EqualTo(Enumerable.Range(1, firstRows.Count).Select(n => (long)n)));
            Assert.That(secondRows.Count - secondBefore, Is.EqualTo(4));
            Assert.That(secondRows.Select(row => row.Sequence), Is.EqualTo(Enumerable.Range(1, secondRows.Count).Select(n => (long)n)));
            Assert.That(firstRows.Concat(secondRows).Select(row => row.Payload), Has.All.Contains("\"sequence\":"), "each payload carries its number");
        });
        foreach (var row in firstRows.Concat(secondRows))
        {
            Assert.That(row.Payload, Does.Contain($"\"sequence\":{row.Sequence},"), "the payload's number is the row's");
        }
    }

    private async Task<string> NewWardAsync(string prefix)
    {
        using var admin = await _service.SignedInAsync("admin", ServiceProcess.AdminPassword);
        var ward = prefix + Random.Shared.Next(1000, 9999);
        await InProcessService.PostOkAsync(admin, "/api/wards", new { code = ward, name = $"Ward {ward}", beds = new[] { $"{ward}-01" } });
        return ward;
    }

    private async Task<List<OutboxRow>> SequencesAsync(string ward)
    {
        await using var connection = await _service.Services.GetRequiredService<ConnectionFactory>().OpenAsync(CancellationToken.None);
        return (await connection.QueryAsync<OutboxRow>("SELECT sequence AS Sequence, type AS Type, payload AS Payload FROM outbox WHERE ward_code = @Ward ORDER BY sequence", new { Ward = ward })).AsList();
    }

    private sealed record OutboxRow(long Sequence, string Type, string Payload);
}
