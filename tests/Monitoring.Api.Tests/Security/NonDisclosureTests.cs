using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Security;

/// <summary>What a user of one ward can learn about another by probing ids, beds and MRNs: nothing.</summary>
public sealed class NonDisclosureTests(Store store) : ApiTest(store)
{
    // Everything a caller reads in a problem except its per-request trace id.
    private static string Describe(JsonObject problem) =>
        $"{problem["status"]} {problem["title"]} {problem["detail"]} {problem["errors"]?.ToJsonString()}";

    [Test]
    public async Task An_mrn_admitted_on_an_unseen_ward_is_not_described_and_the_clash_is_audited()
    {
        var wardA = await NewWardAsync();
        var wardB = await NewWardAsync();
        using var nurseA = await SignInAsync("nurse", wardA.Code);
        using var nurseB = await SignInAsync("nurse", wardB.Code);
        var mrn = Unique("MRNSECRET");
        using var first = await nurseA.PostAsJsonAsync("/api/admissions", AdmissionBody(wardA, mrn: mrn));
        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var existing = Guid.Parse((string)(await ReadObjectAsync(first))["id"]!);

        using var clash = await nurseB.PostAsJsonAsync("/api/admissions", AdmissionBody(wardB, mrn: mrn));

        var problem = await AssertProblemAsync(clash, HttpStatusCode.Conflict);
        var text = problem.ToJsonString();
        Assert.That(text, Does.Not.Contain(mrn).And.Not.Contain(wardA.Code).And.Not.Contain(existing.ToString()).And.Not.Contain("Test Patient"));
        var audited = await Db.CountAsync("audit_log", "action = 'admission.mrn-conflict' AND outcome = 'refused' AND admission_id = @Id", new { Id = Db.Id(existing) });
        Assert.That(audited, Is.EqualTo(1));
    }

    [Test]
    public async Task A_bed_of_another_ward_answers_like_a_bed_that_does_not_exist()
    {
        var wardA = await NewWardAsync();
        var wardB = await NewWardAsync();
        using var nurseB = await SignInAsync("nurse", wardB.Code);
        var body = System.Text.Json.JsonSerializer.SerializeToNode(AdmissionBody(wardB))!.AsObject();

        body["bed"] = wardA.Beds[0];
        using var elsewhere = await nurseB.PostAsJsonAsync("/api/admissions", body);
        body["bed"] = wardA.Code + "-99";
        using var nowhere = await nurseB.PostAsJsonAsync("/api/admissions", body);

        var elsewhereText = Describe(await AssertProblemAsync(elsewhere, HttpStatusCode.BadRequest, "bed"));
        var nowhereText = Describe(await AssertProblemAsync(nowhere, HttpStatusCode.BadRequest, "bed"));
        Assert.That(elsewhereText.Replace(wardA.Beds[0], "BED", StringComparison.Ordinal), Is.EqualTo(nowhereText.Replace(wardA.Code + "-99", "BED", StringComparison.Ordinal)));
        Assert.That(elsewhereText, Does.Not.Contain($"ward {wardA.Code}"));
    }

    [Test]
    public async Task An_admission_of_another_ward_answers_like_one_that_does_not_exist()
    {
        var wardA = await NewWardAsync();
        var wardB = await NewWardAsync();
        using var nurseA = await SignInAsync("nurse", wardA.Code);
        using var nurseB = await SignInAsync("nurse", wardB.Code);
        var admission = await AdmitAsync(nurseA, wardA);
        var nobody = Guid.NewGuid();

        foreach (var path in new[] { "/api/admissions/{0}", "/api/admissions/{0}/timeline" })
        {
            using var hidden = await nurseB.GetAsync(new Uri(string.Format(System.Globalization.CultureInfo.InvariantCulture, path, admission), UriKind.Relative));
            using var missing = await nurseB.GetAsync(new Uri(string.Format(System.Globalization.CultureInfo.InvariantCulture, path, nobody), UriKind.Relative));
            var hiddenText = Describe(await AssertProblemAsync(hidden, HttpStatusCode.NotFound));
            var missingText = Describe(await AssertProblemAsync(missing, HttpStatusCode.NotFound));
            Assert.That(hiddenText.Replace(admission.ToString(), "ID", StringComparison.Ordinal), Is.EqualTo(missingText.Replace(nobody.ToString(), "ID", StringComparison.Ordinal)), path);
        }
        using var chart = await nurseB.PostAsJsonAsync($"/api/admissions/{admission}/vitals", NormalVitals());
        await AssertProblemAsync(chart, HttpStatusCode.NotFound);

        Assert.That(await Db.CountAsync("audit_log", "action = 'refused.other-ward' AND outcome = 'refused' AND admission_id = @Id", new { Id = Db.Id(admission) }), Is.EqualTo(3));
        Assert.That(await Db.CountAsync("observations", "admission_id = @Id", new { Id = Db.Id(admission) }), Is.Zero);
    }
}
