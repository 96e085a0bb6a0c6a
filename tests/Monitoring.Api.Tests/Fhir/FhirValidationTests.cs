using System.Text.Json;
using Firely.Fhir.Validation;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Specification.Source;
using Hl7.Fhir.Specification.Terminology;
using Monitoring.Api.Tests.Infrastructure;
using Task = System.Threading.Tasks.Task;

namespace Monitoring.Api.Tests.Fhir;

/// <summary>
/// Every resource of the demo ward's bulk export (and the CapabilityStatement, a $everything bundle) validates with the Firely validator against the base R4
/// profiles and those it claims (vital signs): no error. Warnings are listed in the test's output.
/// </summary>
public sealed class FhirValidationTests
{
    private static readonly string[] Types = ["Patient", "Encounter", "Observation", "MedicationAdministration", "Flag"];

    [Test]
    public async Task Every_resource_of_the_demo_ward_validates_without_error()
    {
        await using var service = await ServiceProcess.StartAsync(Store.Sqlite, ["--demo"]);
        var password = service.Output.Split('\n').Single(line => line.Contains("physician.demo /", StringComparison.Ordinal)).Split('/')[1].Trim();
        using var physician = await service.SignedInAsync("physician.demo", password);

        // The ward's full bulk export: every resource the interface holds for it.
        var files = await FhirExportClient.DownloadAsync(physician,
            await FhirExportClient.ManifestAsync(physician, await FhirExportClient.StartAsync(physician, "/fhir/Group/4B/$export")));
        Assert.That(files.Keys, Is.EquivalentTo(Types));
        var resources = files.Values.SelectMany(r => r).ToList();
        resources.Add(await FhirClient.OkAsync(physician, "/fhir/metadata"));
        var everything = await FhirClient.OkAsync(physician, $"/fhir/Patient/{(string?)resources[0]["id"]}/$everything?_count=5");
        resources.Add(everything);

        var validator = NewValidator();
        var options = new JsonSerializerOptions().ForFhir(ModelInfo.ModelInspector);
        var errors = new List<string>();
        var warnings = new Dictionary<string, int>();
        foreach (var json in resources)
        {
            var resource = JsonSerializer.Deserialize<Resource>(json.ToJsonString(), options)!;
            var outcome = validator.Validate(resource);
            foreach (var issue in outcome.Issue)
            {
                var text = $"{resource.TypeName}: {issue.Details?.Text ?? issue.Diagnostics} ({string.Join(",", issue.Expression ?? [])})";
                if (issue.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal)
                {
                    errors.Add($"{resource.TypeName}/{resource.Id}: {text}");
                }
                else if (issue.Severity == OperationOutcome.IssueSeverity.Warning)
                {
                    var key = $"{resource.TypeName}: {issue.Details?.Text ?? issue.Diagnostics}";
                    warnings[key] = warnings.GetValueOrDefault(key) + 1;
                }
            }
        }
        TestContext.Out.WriteLine($"{resources.Count} resources validated; warnings:");
        foreach (var (warning, count) in warnings.OrderBy(w => w.Key, StringComparer.Ordinal))
        {
            TestContext.Out.WriteLine($"  {count} x {warning}");
        }
        Assert.That(errors, Is.Empty);

        // The validator is live and reads the profiles the resources claim: a respiratory rate in kg fails it.
        var rate = resources.First(r => ((string?)r["id"])?.EndsWith("-rr", StringComparison.Ordinal) == true).DeepClone().AsObject();
        rate["valueQuantity"]!["code"] = "kg";
        var broken = validator.Validate(JsonSerializer.Deserialize<Resource>(rate.ToJsonString(), options)!);
        Assert.That(broken.Issue.Where(i => i.Severity == OperationOutcome.IssueSeverity.Error), Is.Not.Empty);
    }

    private static Validator NewValidator()
    {
        var specification = new CachedResolver(ZipSource.CreateValidationSource());
        return new Validator(specification, new LocalTerminologyService(specification));
    }
}
