using System.Net.Http.Json;
using Microsoft.Playwright;

namespace Monitoring.Browser.Tests;

/// <summary>The dashboard under the service's Content-Security-Policy, and across the end of a session.</summary>
public sealed class SessionAndPolicyTests : BrowserSession
{
    private const string RecordViolations = """
        window.__cspViolations = [];
        document.addEventListener("securitypolicyviolation", (e) => window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
        """;

    private async Task<IPage> SignInRecordingViolationsAsync(string role)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
        await context.AddInitScriptAsync(RecordViolations);
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        page.PageError += (_, error) => TestContext.Progress.WriteLine($"[{role} page error] {error}");
        var document = await page.GotoAsync(Service.BaseAddress.ToString());
        Assert.That(await document!.HeaderValueAsync("content-security-policy"), Does.Contain("script-src 'self'"));
        await page.GetByLabel("Username").FillAsync($"{role}-{Ward}");
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.Locator("header.top").WaitForAsync();
        await page.Locator("#login-form").WaitForAsync(new() { State = WaitForSelectorState.Detached });
        return page;
    }

    private static async Task<string> StoredAsync(IPage page, string field) =>
        await page.EvaluateAsync<string>($"() => JSON.parse(sessionStorage.getItem('monitoring.session')).{field}");

    [Test]
    public async Task Every_view_works_under_the_policy_without_a_single_violation()
    {
        var admission = await AdmitAsync(4, "Policy Patient", TimeSpan.FromHours(5));
        using (var nurseApi = await ApiAsAsync("nurse"))
        {
            for (var hoursAgo = 4; hoursAgo >= 0; hoursAgo -= 2)
            {
                var vitals = new { observedAt = DateTimeOffset.UtcNow.AddHours(-hoursAgo).AddMinutes(-1).ToString("O"), respiratoryRate = 16, spo2 = 97, onOxygen = false, systolicBp = 120, diastolicBp = 80, heartRate = 70 + hoursAgo, temperatureC = 36.8m, consciousness = "A" };
                await SendAsync(nurseApi, $"/api/admissions/{admission}/vitals", vitals);
            }
        }
        var page = await SignInRecordingViolationsAsync("nurse");

        await OpenAsync(page, $"#/ward/{Ward}");
        await Assertions.Expect(page.Locator("#beds-title")).ToHaveTextAsync($"Ward {Ward}");
        await OpenAsync(page, $"#/admission/{admission}/vitals");
        await Assertions.Expect(page.Locator("#vitals-form #respiratoryRate")).ToBeVisibleAsync();
        await OpenAsync(page, $"#/admission/{admission}");
        await Assertions.Expect(page.Locator(".chart canvas").First).ToBeVisibleAsync();
        await OpenAsync(page, $"#/ward/{Ward}/census");
        await Assertions.Expect(page.Locator("#occupancy")).ToBeVisibleAsync();

        Assert.That(await page.EvaluateAsync<string[]>("() => window.__cspViolations"), Is.Empty);
        await page.Context.CloseAsync();
    }

    [Test]
    public async Task An_expiring_access_token_is_renewed_silently()
    {
        var page = await SignInAsync("physician");
        var firstRefresh = await StoredAsync(page, "refreshToken");
        // As if 15 minutes had passed: the stored access token is about to expire.
        await page.EvaluateAsync("() => { const s = JSON.parse(sessionStorage.getItem('monitoring.session')); s.expiresAt = new Date(Date.now() + 1000).toISOString(); sessionStorage.setItem('monitoring.session', JSON.stringify(s)); }");

        await OpenAsync(page, $"#/ward/{Ward}/census");

        await Assertions.Expect(page.Locator("#occupancy")).ToBeVisibleAsync();
        Assert.That(await StoredAsync(page, "refreshToken"), Is.Not.EqualTo(firstRefresh));
        Assert.That(await page.Locator("dialog.reauth").CountAsync(), Is.Zero);
        await page.Context.CloseAsync();
    }

    [Test]
    public async Task An_ended_session_asks_for_the_password_again_and_keeps_the_half_typed_chart()
    {
        var admission = await AdmitAsync(5, "Reauth Patient");
        var page = await SignInAsync("nurse");
        await OpenAsync(page, $"#/admission/{admission}/vitals");
        await page.Locator("#vitals-form #respiratoryRate").FillAsync("19");
        await page.Locator("#vitals-form #spo2").FillAsync("95");
        await page.Locator("#vitals-form #heartRate").FillAsync("88");

        // The session ends behind the page's back (signed out on another device, or timed out).
        using (var client = Service.CreateClient(await StoredAsync(page, "accessToken")))
        {
            using var signedOut = await client.PostAsync(new Uri("/api/auth/logout", UriKind.Relative), null);
            Assert.That(signedOut.IsSuccessStatusCode, Is.True);
        }
        await page.GetByRole(AriaRole.Button, new() { Name = "Save vital signs" }).ClickAsync();

        var dialog = page.Locator("dialog.reauth");
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#vitals-form #respiratoryRate")).ToHaveValueAsync("19");
        await dialog.GetByLabel("Password").FillAsync(Password);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Sign in again" }).ClickAsync();

        await Assertions.Expect(page.Locator("#result")).ToContainTextAsync("Saved");
        await Assertions.Expect(dialog).ToHaveCountAsync(0);
        using var physician = await ApiAsAsync("physician");
        var timeline = await physician.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>($"/api/admissions/{admission}/timeline");
        Assert.That(timeline!.ToJsonString(), Does.Contain("\"respiratoryRate\":19"));
        await page.Context.CloseAsync();
    }
}
