using System.Net;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Security;

public sealed class ResponseHeadersTests(Store store) : ApiTest(store)
{
    private static void AssertCommonHeaders(HttpResponseMessage response)
    {
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Multiple(() =>
        {
            Assert.That(csp, Does.Contain("script-src 'self'").And.Contain("connect-src 'self'").And.Contain("frame-ancestors 'none'"));
            Assert.That(csp, Does.Not.Contain("unsafe-inline").And.Not.Contain("unsafe-eval"));
            Assert.That(response.Headers.GetValues("X-Content-Type-Options"), Is.EqualTo(new[] { "nosniff" }));
            Assert.That(response.Headers.GetValues("Referrer-Policy"), Is.EqualTo(new[] { "no-referrer" }));
            Assert.That(response.Headers.Contains("Server"), Is.False, "no Server header");
        });
    }

    [Test]
    public async Task Api_answers_carry_the_security_headers_and_are_never_cached()
    {
        using var admin = await AdminAsync();
        using var ok = await admin.GetAsync(new Uri("/api/wards", UriKind.Relative));
        using var anonymous = Service.CreateClient();
        using var refused = await anonymous.GetAsync(new Uri("/api/wards", UriKind.Relative));
        using var missing = await admin.GetAsync(new Uri($"/api/admissions/{Guid.NewGuid()}", UriKind.Relative));

        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        foreach (var response in new[] { ok, refused, missing })
        {
            AssertCommonHeaders(response);
            Assert.That(response.Headers.CacheControl?.NoStore, Is.True, $"{response.RequestMessage!.RequestUri} Cache-Control");
        }
    }

    [Test]
    public async Task Dashboard_pages_carry_the_policy_and_no_server_header()
    {
        using var anonymous = Service.CreateClient();
        using var page = await anonymous.GetAsync(new Uri("/", UriKind.Relative));
        using var script = await anonymous.GetAsync(new Uri("/js/app.js", UriKind.Relative));
        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        AssertCommonHeaders(page);
        AssertCommonHeaders(script);
        var html = await page.Content.ReadAsStringAsync();
        Assert.That(html, Does.Not.Match("<script(?![^>]*\\bsrc=)[^>]*>"), "no inline script in the page");
        Assert.That(html, Does.Not.Contain("<style").And.Not.Contain("style="), "no inline style in the page");
    }
}
