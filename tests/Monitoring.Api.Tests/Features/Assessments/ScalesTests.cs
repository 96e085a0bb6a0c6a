using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Features.Assessments;

/// <summary>GET /api/scales: what the dashboard draws its forms from.</summary>
public sealed class ScalesTests(Store store) : ApiTest(store)
{
    [Test]
    public async Task Every_scale_with_items_values_descriptors_and_bands()
    {
        using var manager = await SignInAsync("manager");
        var scales = (await manager.GetFromJsonAsync<JsonObject>("/api/scales"))!["scales"]!.AsArray();
        Assert.That(scales.Select(s => (string?)s!["kind"]), Is.EqualTo(new[] { "cows", "ciwa-ar" }));

        var cows = scales[0]!;
        Assert.That((int?)cows["maximumTotal"], Is.EqualTo(48));
        var pulse = cows["items"]![0]!;
        Assert.That((string?)pulse["name"], Is.EqualTo("restingPulseRate"));
        Assert.That(pulse["values"]!.AsArray().Select(v => (int)v!["score"]!), Is.EqualTo(new[] { 0, 1, 2, 4 }));
        Assert.That((string?)pulse["measurement"]!["name"], Is.EqualTo("restingPulseBpm"));
        Assert.That(pulse["measurement"]!["scores"]!.AsArray().Select(b => ((int)b!["from"]!, (int)b["to"]!, (int)b["score"]!)),
            Is.EqualTo(new[] { (20, 80, 0), (81, 100, 1), (101, 120, 2), (121, 300, 4) }));
        Assert.That(cows["bands"]!.AsArray().Select(b => (string?)b!["name"]), Is.EqualTo(new[] { "none", "mild", "moderate", "moderately-severe", "severe" }));

        var ciwa = scales[1]!;
        Assert.That((int?)ciwa["maximumTotal"], Is.EqualTo(67));
        Assert.That((string?)ciwa["path"], Is.EqualTo("/api/admissions/{id}/ciwa-ar"));
        Assert.That(ciwa["items"]!.AsArray().Select(i => i!["values"]!.AsArray().Count), Is.EqualTo(new[] { 8, 8, 8, 8, 8, 8, 8, 8, 8, 5 }));
        Assert.That((string?)ciwa["items"]![0]!["values"]![7]!["descriptor"], Does.Contain("constant nausea"));
        Assert.That(ciwa["bands"]!.AsArray().Select(b => ((string?)b!["name"], (int)b["from"]!, (int)b["to"]!)),
            Is.EqualTo(new[] { ("mild", 0, 10), ("moderate", 11, 15), ("severe", 16, 67) }));
    }

    [Test]
    public async Task Every_alert_in_words_with_breathing_first()
    {
        using var manager = await SignInAsync("manager");
        var alerts = (await manager.GetFromJsonAsync<JsonObject>("/api/scales"))!["alerts"]!.AsArray();
        var codes = alerts.Select(a => (string)a!["code"]!).ToList();
        Assert.That(codes[0], Is.EqualTo("respiratory-depression"));
        Assert.That(codes.IndexOf("oversedation"), Is.LessThan(codes.IndexOf("news2-high")));
        Assert.That(codes, Does.Contain("alcohol-withdrawal-severe").And.Contain("monitor-apnoea").And.Unique);
        Assert.That((string?)alerts[codes.IndexOf("withdrawal-severe")]!["name"], Is.EqualTo("Severe opioid withdrawal"));
    }

    [Test]
    public async Task The_vitals_form_fields_and_words_come_from_the_clinical_tables()
    {
        using var manager = await SignInAsync("manager");
        var served = (await manager.GetFromJsonAsync<JsonObject>("/api/scales"))!;
        var vitals = served["vitals"]!.AsArray();
        Assert.That(vitals.Select(v => (string)v!["name"]!), Is.EqualTo(new[] { "respiratoryRate", "spo2", "systolicBp", "diastolicBp", "heartRate", "temperatureC" }));
        Assert.That(((decimal)vitals[0]!["minimum"]!, (decimal)vitals[0]!["maximum"]!), Is.EqualTo((0m, 80m)), "the range the service accepts");
        Assert.That((decimal)vitals[5]!["step"]!, Is.EqualTo(0.1m));
        var sedation = served["sedation"]!.AsArray();
        Assert.That(sedation.Select(l => (string)l!["code"]!), Is.EqualTo(new[] { "S", "1", "2", "3", "4" }));
        Assert.That(sedation.Where(l => l!["action"] is not null).Select(l => (string)l!["code"]!), Is.EqualTo(new[] { "3", "4" }), "only the unacceptable levels ask for action");
        Assert.That((string?)sedation[4]!["action"], Does.Contain("naloxone"));
        Assert.That(served["consciousness"]!.AsArray().Select(l => (string)l!["code"]!), Is.EqualTo(new[] { "A", "C", "V", "P", "U" }));
    }

    [Test]
    public async Task Needs_a_sign_in()
    {
        using var anonymous = Service.CreateClient();
        using var response = await anonymous.GetAsync(new Uri("/api/scales", UriKind.Relative));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }
}
