using System.Reflection;
using Monitoring.Api.Data;
using Monitoring.Api.Tests.Infrastructure;
using Monitoring.Clinical;
using NetArchTest.Rules;

namespace Monitoring.Api.Tests.Architecture;

/// <summary>
/// The rooms README draws: features (use cases and their endpoints) stand on the charting core and the
/// infrastructure rooms; only the host composes features; the clinical rules know nothing of the service.
/// </summary>
public sealed class RoomTests
{
    private static readonly Assembly Service = typeof(DbSession).Assembly;

    private static IEnumerable<string> FeatureNames() => FeaturesOf(Service, "Monitoring.Api");

    [TestCaseSource(nameof(FeatureNames))]
    public void A_feature_uses_no_other_feature(string feature) =>
        AssertKept(FeatureCrossings(Service, "Monitoring.Api", feature));

    [Test]
    public void The_service_has_features_to_check() =>
        Assert.That(FeatureNames().ToList(), Has.Count.GreaterThan(10).And.Contains("Observations").And.Contains("Alerts"));

    [TestCaseSource(nameof(FeatureNames))]
    public void A_feature_has_its_tests_in_the_same_room(string feature)
    {
        var tests = Path.Combine(RepositoryPaths.Root, "tests", "Monitoring.Api.Tests", "Features", feature);
        Assert.That(Directory.Exists(tests) && Directory.EnumerateFiles(tests, "*Tests.cs").Any(), Is.True, $"tests/Monitoring.Api.Tests/Features/{feature}/ holds its tests");
    }

    [Test]
    public void The_charting_core_uses_no_feature() =>
        AssertKept(Types.InAssembly(Service).That().ResideInNamespace("Monitoring.Api.Charting")
            .ShouldNot().HaveDependencyOn("Monitoring.Api.Features").GetResult());

    [Test]
    public void Only_the_host_composes_features()
    {
        var rooms = Service.GetTypes().Select(type => type.Namespace ?? "")
            .Where(name => name.StartsWith("Monitoring.Api.", StringComparison.Ordinal))
            .Select(name => name.Split('.')[2])
            .Where(room => room is not ("Features" or "Hosting"))
            .Distinct()
            .ToList();
        Assert.That(rooms, Does.Contain("Charting").And.Contain("Realtime").And.Contain("Devices").And.Contain("Fhir"));
        foreach (var room in rooms)
        {
            AssertKept(Types.InAssembly(Service).That().ResideInNamespace($"Monitoring.Api.{room}")
                .ShouldNot().HaveDependencyOn("Monitoring.Api.Features").GetResult());
        }
    }

    [Test]
    public void The_clinical_rules_know_nothing_of_the_service() =>
        AssertKept(Types.InAssembly(typeof(News2).Assembly).ShouldNot().HaveDependencyOn("Monitoring.Api").GetResult());

    [Test]
    public void The_feature_rule_catches_a_feature_that_reaches_into_another()
    {
        // Sample.Features.Wards.ReadsDoses uses a type of Sample.Features.Doses: the rule must name it.
        const string Root = "Monitoring.Api.Tests.Architecture.Sample";
        var sample = typeof(RoomTests).Assembly;
        Assert.That(FeaturesOf(sample, Root).ToList(), Is.EquivalentTo(new[] { "Doses", "Wards" }));

        var crossing = FeatureCrossings(sample, Root, "Wards");

        Assert.That(crossing.IsSuccessful, Is.False);
        Assert.That(crossing.FailingTypeNames, Is.EquivalentTo(new[] { typeof(Sample.Features.Wards.ReadsDoses).FullName }));
        Assert.That(FeatureCrossings(sample, Root, "Doses").IsSuccessful, Is.True);
    }

    private static IEnumerable<string> FeaturesOf(Assembly assembly, string root) =>
        assembly.GetTypes().Select(type => type.Namespace ?? "")
            .Where(name => name.StartsWith($"{root}.Features.", StringComparison.Ordinal))
            .Select(name => name[$"{root}.Features.".Length..].Split('.')[0])
            .Distinct()
            .Order(StringComparer.Ordinal);

    private static TestResult FeatureCrossings(Assembly assembly, string root, string feature)
    {
        var others = FeaturesOf(assembly, root).Where(other => other != feature).Select(other => $"{root}.Features.{other}").ToArray();
        return Types.InAssembly(assembly).That().ResideInNamespace($"{root}.Features.{feature}")
            .ShouldNot().HaveDependencyOnAny(others).GetResult();
    }

    private static void AssertKept(TestResult result) =>
        Assert.That(result.FailingTypeNames ?? [], Is.Empty, "types that cross a room's wall");
}
