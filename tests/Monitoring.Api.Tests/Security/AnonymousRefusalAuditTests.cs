using System.Net;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Security;

/// <summary>Refused anonymous requests are audited, but one address cannot make the trail grow without limit.</summary>
public sealed class AnonymousRefusalAuditTests
{
    private ServiceProcess _service = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _service = await ServiceProcess.StartAsync(Store.Sqlite);

    [OneTimeTearDown]
    public async Task StopAsync() => await _service.DisposeAsync();

    [Test]
    public async Task Anonymous_refusals_from_one_address_write_at_most_twenty_rows_and_one_marker_a_minute()
    {
        using var anonymous = _service.CreateClient();
        for (var i = 0; i < 60; i++)
        {
            using var refused = await anonymous.GetAsync(new Uri("/api/wards", UriKind.Relative));
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        }

        var rows = await new Database(_service).QueryAsync<string>("SELECT action FROM audit_log WHERE user_id IS NULL AND outcome = 'refused'");
        // Sixty requests may straddle a minute boundary: then two minutes' worth at most.
        Assert.That(rows.Count(action => action == "refused.401"), Is.InRange(20, 40));
        Assert.That(rows.Count(action => action == "refused.anonymous-throttled"), Is.InRange(1, 2), "one row says the rest are counted");
    }
}
