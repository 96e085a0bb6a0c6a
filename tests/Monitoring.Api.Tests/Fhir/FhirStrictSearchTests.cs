using System.Net;
using Monitoring.Api.Tests.Infrastructure;
using static Monitoring.Api.Tests.Fhir.FhirClient;

namespace Monitoring.Api.Tests.Fhir;

/// <summary>FHIR's strict handling: whatever the interface does not understand is a 400 OperationOutcome, never ignored.</summary>
public sealed class FhirStrictSearchTests(Store store) : ApiTest(store)
{
    private HttpClient _nurse = null!;

    [OneTimeSetUp]
    public async Task SignInAsync() => _nurse = await SignInAsync("nurse", (await NewWardAsync(1)).Code);

    [OneTimeTearDown]
    public void SignOut() => _nurse?.Dispose();

    [TestCase("Observation?foo=1", "'foo' is not a supported search parameter")]
    [TestCase("Observation?patient:missing=true", "modifiers")]
    [TestCase("Observation?patient.identifier=x", "chained")]
    [TestCase("Observation?_sort=date", "not a supported")]
    [TestCase("Observation?_include=Observation:patient", "not a supported")]
    [TestCase("Observation?status=final", "not a supported")]
    [TestCase("Observation?date=2026-13", "not a FHIR date")]
    [TestCase("Observation?date=2026-02-30", "not a FHIR date")]
    [TestCase("Observation?date=sa2026", "prefix 'sa' is not supported")]
    [TestCase("Observation?date=ap2026", "prefix 'ap' is not supported")]
    [TestCase("Observation?date=2026-01-01T10:00", "needs 'Z' or an offset")]
    [TestCase("Observation?date=tomorrow", "not a FHIR date")]
    [TestCase("Observation?_count=0", "_count")]
    [TestCase("Observation?_count=1001", "_count")]
    [TestCase("Observation?_count=ten", "_count")]
    [TestCase("Observation?_cursor=not-ours", "_cursor")]
    [TestCase("Observation?patient=", "no value")]
    [TestCase("Observation?patient=a&patient=b", "given 2 times")]
    [TestCase("Observation?patient=Encounter/abc", "Patient reference")]
    [TestCase("Observation?patient=a%20b", "Patient reference")]
    [TestCase("Observation?code=a|b|c", "one '|'")]
    [TestCase("Observation?code=|", "neither")]
    [TestCase("Observation?code=a\\x", "backslash")]
    [TestCase("Observation?code=a,,b", "empty value")]
    [TestCase("Observation?_format=xml", "application/fhir+json only")]
    [TestCase("Patient?name=Alex", "not a supported")]
    [TestCase("Encounter?date=2026", "not a supported")]
    [TestCase("Patient/x/$everything?_id=x", "not a supported")]
    public async Task Is_a_400_outcome_that_says_why(string query, string why)
    {
        var diagnostics = await OutcomeAsync(_nurse, $"/fhir/{query}", HttpStatusCode.BadRequest);
        Assert.That(diagnostics, Does.Contain(why));
    }

    [Test]
    public async Task Escaped_separators_are_part_of_a_value()
    {
        Assert.That(await AllPagesAsync(_nurse, "/fhir/Observation?code=a\\,b"), Is.Empty);
        Assert.That(await AllPagesAsync(_nurse, "/fhir/Patient?identifier=x\\|y"), Is.Empty);
    }
}
