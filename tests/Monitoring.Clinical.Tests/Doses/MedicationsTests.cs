using static Monitoring.Clinical.Tests.Doses.DoseTestData;

namespace Monitoring.Clinical.Tests.Doses;

public sealed class MedicationsTests
{
    [TestCase("buprenorphine", 0.5, 32)]
    [TestCase("buprenorphine-naloxone", 0.5, 32)]
    [TestCase("methadone", 1, 150)]
    [TestCase("naloxone", 0.04, 10)]
    [TestCase("diazepam", 1, 40)]
    [TestCase("chlordiazepoxide", 5, 200)]
    [TestCase("lorazepam", 0.25, 10)]
    [TestCase("oxazepam", 5, 120)]
    [TestCase("lofexidine", 0.18, 0.8)]
    [TestCase("clonidine", 0.025, 0.3)]
    public void Plausible_range_both_sides(string drug, decimal min, decimal max)
    {
        var medication = Medications.Find(drug)!;
        Assert.Multiple(() =>
        {
            Assert.That(Medications.IsPlausible(medication, min, DoseUnit.Mg), Is.True);
            Assert.That(Medications.IsPlausible(medication, max, DoseUnit.Mg), Is.True);
            Assert.That(Medications.IsPlausible(medication, min - 0.001m, DoseUnit.Mg), Is.False);
            Assert.That(Medications.IsPlausible(medication, max + 0.001m, DoseUnit.Mg), Is.False);
            Assert.That(Medications.IsPlausible(medication, min * 1000m, DoseUnit.Mcg), Is.True);
            Assert.That(Medications.IsPlausible(medication, max * 1000m + 1m, DoseUnit.Mcg), Is.False);
        });
    }

    [Test]
    public void A_milligram_for_microgram_slip_is_implausible()
    {
        var buprenorphine = Medications.Find("buprenorphine")!;
        Assert.That(Medications.IsPlausible(buprenorphine, 8000m, DoseUnit.Mg), Is.False);
        Assert.That(Medications.IsPlausible(buprenorphine, 8000m, DoseUnit.Mcg), Is.True);
        Assert.That(Medications.IsPlausible(Medications.Find("naloxone")!, 400m, DoseUnit.Mg), Is.False);
        Assert.That(Medications.IsPlausible(Medications.Find("naloxone")!, 400m, DoseUnit.Mcg), Is.True);
    }

    [TestCase("buprenorphine", "SL,buccal", DrugClass.PartialOpioidAgonist)]
    [TestCase("buprenorphine-naloxone", "SL,buccal", DrugClass.PartialOpioidAgonist)]
    [TestCase("methadone", "PO", DrugClass.FullOpioidAgonist)]
    [TestCase("naloxone", "IV,IM,SC,IN", DrugClass.OpioidAntagonist)]
    [TestCase("diazepam", "PO,IV,IM", DrugClass.Benzodiazepine)]
    [TestCase("chlordiazepoxide", "PO", DrugClass.Benzodiazepine)]
    [TestCase("lorazepam", "PO,IV,IM", DrugClass.Benzodiazepine)]
    [TestCase("oxazepam", "PO", DrugClass.Benzodiazepine)]
    [TestCase("lofexidine", "PO", DrugClass.Alpha2Agonist)]
    [TestCase("clonidine", "PO", DrugClass.Alpha2Agonist)]
    public void Class_and_routes(string drug, string routes, DrugClass drugClass)
    {
        var medication = Medications.Find(drug)!;
        Assert.That(medication.Class, Is.EqualTo(drugClass));
        Assert.That(medication.Routes, Is.EqualTo(routes.Split(',')));
    }

    [Test]
    public void Catalogue_has_the_ten_drugs_and_nothing_else()
    {
        Assert.That(Medications.Catalogue.Select(m => m.Drug).ToList(), Is.Unique.And.Count.EqualTo(10));
        Assert.That(Medications.Find("morphine"), Is.Null);
        Assert.That(Medications.Find("Methadone"), Is.Null);
    }

    [TestCase("methadone", true)]
    [TestCase("buprenorphine", true)]
    [TestCase("diazepam", true)]
    [TestCase("naloxone", false)]
    [TestCase("clonidine", false)]
    public void Sedating(string drug, bool sedating) => Assert.That(Medications.Find(drug)!.Sedating, Is.EqualTo(sedating));

    [Test]
    public void A_dose_describes_itself_with_amount_unit_route_and_time() =>
        Assert.That(new DoseGiven(Guid.NewGuid(), "naloxone", 400m, DoseUnit.Mcg, "IM", Minutes(2)).Describe(Utc), Is.EqualTo("naloxone 400 mcg IM at 14:02 UTC"));

    [TestCase("opioid", "opioid", OpioidAction.ShortActing)]
    [TestCase("heroin", "opioid", OpioidAction.ShortActing)]
    [TestCase("oxycodone", "opioid", OpioidAction.ShortActing)]
    [TestCase("other-opioid", "opioid", OpioidAction.ShortActing)]
    [TestCase("fentanyl", "opioid", OpioidAction.Fentanyl)]
    [TestCase("methadone", "opioid", OpioidAction.Methadone)]
    [TestCase("buprenorphine", "opioid", OpioidAction.Buprenorphine)]
    [TestCase("alcohol", "alcohol", OpioidAction.None)]
    [TestCase("benzodiazepine", "benzodiazepine", OpioidAction.None)]
    [TestCase("stimulant", "stimulant", OpioidAction.None)]
    [TestCase("other", "other", OpioidAction.None)]
    public void Substances_and_their_classes(string substance, string substanceClass, OpioidAction action)
    {
        Assert.That(Substances.ClassOf(substance), Is.EqualTo(substanceClass));
        Assert.That(Substances.ActionOf(substance), Is.EqualTo(action));
    }

    [Test]
    public void Classes_are_distinct_in_order() =>
        Assert.That(Substances.Classes([new SubstanceUse("heroin"), "alcohol", new SubstanceUse("methadone", T0)]), Is.EqualTo(new[] { "opioid", "alcohol" }));

    [Test]
    public void Unknown_substances_are_not_known() => Assert.That(Substances.IsKnown("crack"), Is.False);
}
