using System.Text.Json.Nodes;
using CsCheck;
using Monitoring.Clinical;

namespace Monitoring.Api.Tests.Charting;

/// <summary>
/// A scale described as data: the fixture's scoring, bands, schedule and alert, every fault of a description refused
/// with its reason, and any damaged description answered with a scale or a refusal, never another exception.
/// </summary>
public sealed class DescribedScaleTests
{
    private static readonly string Fixture = File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "Charting", "sows-fixture.json"));

    private static readonly DateTimeOffset At = new(2026, 12, 4, 10, 0, 0, TimeSpan.Zero);

    private static DescribedScale Sows => DescribedScale.Parse(Fixture, "fixture");

    [TestCase(0, "mild")]
    [TestCase(8, "mild")]
    [TestCase(9, "moderate")]
    [TestCase(16, "moderate")]
    [TestCase(17, "severe")]
    [TestCase(24, "severe")]
    public void Every_band_edge_is_in_its_band(int total, string band) => Assert.That(Sows.BandOf(total).Name, Is.EqualTo(band));

    [Test]
    public void A_total_outside_the_scale_is_refused()
    {
        Assert.That(() => Sows.BandOf(25), Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(() => Sows.BandOf(-1), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void Items_allow_zero_to_their_maximum_with_their_words()
    {
        var anxious = Sows.Items[0];
        Assert.That((anxious.Allows(4), anxious.Allows(5), anxious.Values[0].Descriptor, Sows.Items[1].Values[2].Descriptor), Is.EqualTo((true, false, "not at all", (string?)null)));
    }

    [TestCase(8, 4, "SOWS 8")]
    [TestCase(9, 1, "SOWS 9 (≥ 9)")]
    public void The_interval_tightens_at_its_setting(int total, int hours, string basis) =>
        Assert.That(Sows.NextDue(At, total, WardSettings.Default), Is.EqualTo(new Due(At.AddHours(hours), basis)));

    [TestCase(16, false)]
    [TestCase(17, true)]
    public void The_alert_fires_from_its_setting(int total, bool fires)
    {
        var findings = Sows.Evaluate(new Assessment(At, total), [], ["opioid"], WardSettings.Default);
        Assert.That(findings.Select(f => (f.Code, f.Priority)), Is.EqualTo(fires ? new[] { ("sows-severe", AlertPriority.Medium) } : []));
    }

    [Test]
    public void A_ward_setting_moves_the_alert()
    {
        var setting = Sows.Settings.Single(s => s.Name == "sowsSevereFrom");
        var findings = Sows.Evaluate(new Assessment(At, 12), [], ["opioid"], WardSettings.Default.With(setting, 12));
        Assert.That(findings.Single().Reason, Does.StartWith("SOWS 12 (≥ 12)"));
        Assert.That(Sows.ValidateSettings(WardSettings.Default.With(setting, 25)).Select(p => p.Field), Is.EqualTo(new[] { "sowsSevereFrom" }));
    }

    [TestCase("bands", "every total from 0 to 24")]
    [TestCase("setting", "is not among the scale's settings")]
    [TestCase("threshold", "must lie between 1 and the maximum total")]
    [TestCase("kind", "kind 'vitals'")]
    [TestCase("unknown", "could not be mapped")]
    [TestCase("priority", "refused")]
    [TestCase("substance", "assessesWithdrawalFrom 'heroin'")]
    [TestCase("ward-own", "setting overdueGraceMinutes is already a ward setting")]
    [TestCase("item-name", "'no spaces' is a camelCase name")]
    [TestCase("code", "alert 'Sows Severe'")]
    [TestCase("long-code", "a code of up to 40")]
    public void A_faulty_description_is_refused_with_its_reason(string fault, string reason)
    {
        var description = JsonNode.Parse(Fixture)!.AsObject();
        switch (fault)
        {
            case "bands": description["bands"]![1]!["to"] = 15; break;
            case "setting": description["alerts"]![0]!["from"] = "sowsSevere"; break;
            case "threshold": description["settings"]![3]!["maximum"] = 30; break;
            case "kind": description["kind"] = "vitals"; break;
            case "unknown": description["colour"] = "red"; break;
            case "priority": description["alerts"]![0]!["priority"] = "urgent"; break;
            case "substance": description["assessesWithdrawalFrom"] = "heroin"; break;
            case "ward-own": description["settings"]![0]!["name"] = "overdueGraceMinutes"; description["schedule"]!["intervalHours"] = "overdueGraceMinutes"; break;
            case "item-name": description["items"]![0]!["name"] = "no spaces"; break;
            case "code": description["alerts"]![0]!["code"] = "Sows Severe"; break;
            case "long-code": description["alerts"]![0]!["code"] = "sows-" + new string('x', 36); break;
        }
        Assert.That(() => DescribedScale.Parse(description.ToJsonString(), "fixture"), Throws.TypeOf<InvalidScaleException>().With.Message.Contains(reason));
    }

    // Characters that reach the structure of the description: brackets, quotes, digits, signs and the letters of its names.
    private const string Alphabet = "{}[]\":,-0123456789 .eaionrstlmfwbkdg\\";

    [Test]
    [CancelAfter(120_000)]
    public void A_damaged_description_gives_a_scale_or_a_refusal() =>
        Gen.Select(Gen.Int[0, int.MaxValue], Gen.Int[0, 2], Gen.Char[Alphabet]).Array[1, 8].Sample(mutations =>
        {
            var text = new System.Text.StringBuilder(Fixture);
            foreach (var (position, operation, character) in mutations)
            {
                var at = position % (text.Length + 1);
                switch (operation)
                {
                    case 0 when at < text.Length: text.Remove(at, 1); break;
                    case 1 when at < text.Length: text[at] = character; break;
                    default: text.Insert(at, character); break;
                }
            }
            try
            {
                DescribedScale.Parse(text.ToString(), "damaged");
            }
            catch (InvalidScaleException)
            {
                // A refusal with reasons: the service does not start on it.
            }
        }, iter: 5_000);

    [Test]
    [CancelAfter(120_000)]
    public void A_description_with_any_value_replaced_gives_a_scale_or_a_refusal()
    {
        var places = Places(JsonNode.Parse(Fixture)!).Count;
        JsonNode?[] replacements = [null, -1, 0, 1, 100_000, int.MinValue, 2.5, "", "x", true, new JsonArray(), new JsonObject(), new JsonArray((JsonNode?)null)];
        Gen.Select(Gen.Int[0, places - 1], Gen.Int[0, replacements.Length - 1]).Array[1, 3].Sample(changes =>
        {
            var description = JsonNode.Parse(Fixture)!;
            foreach (var (place, replacement) in changes)
            {
                var all = Places(description);
                var (parent, key) = all[place % all.Count];
                var value = replacements[replacement]?.DeepClone();
                if (parent is JsonObject obj)
                {
                    obj[(string)key] = value;
                }
                else
                {
                    parent.AsArray()[(int)key] = value;
                }
            }
            try
            {
                DescribedScale.Parse(description.ToJsonString(), "replaced");
            }
            catch (InvalidScaleException)
            {
                // A refusal with reasons.
            }
        }, iter: 5_000);
    }

    // Every place a value sits: (its object or array, its name or index).
    private static List<(JsonNode Parent, object Key)> Places(JsonNode node)
    {
        var places = new List<(JsonNode, object)>();
        void Walk(JsonNode? current)
        {
            switch (current)
            {
                case JsonObject obj:
                    foreach (var (name, child) in obj.ToList())
                    {
                        places.Add((obj, name));
                        Walk(child);
                    }
                    break;
                case JsonArray array:
                    for (var i = 0; i < array.Count; i++)
                    {
                        places.Add((array, i));
                        Walk(array[i]);
                    }
                    break;
            }
        }
        Walk(node);
        return places;
    }
}
