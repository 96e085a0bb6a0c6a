namespace Monitoring.Clinical;

public enum DrugClass
{
    PartialOpioidAgonist,
    FullOpioidAgonist,
    OpioidAntagonist,
    Benzodiazepine,
    Alpha2Agonist,
}

public enum DoseUnit
{
    Mg,
    Mcg,
}

/// <summary>
/// A drug the unit gives, the routes it is given by and the single dose that is plausible at all:
/// a record of administration checked for typing slips (8000 mg for 8 mg), not dosing advice.
/// </summary>
public sealed record Medication(string Drug, string Name, DrugClass Class, IReadOnlyList<string> Routes, decimal MinimumMg, decimal MaximumMg)
{
    /// <summary>Opioid agonists and benzodiazepines: what a respiratory-depression reason names when given recently.</summary>
    public bool Sedating => Class is DrugClass.FullOpioidAgonist or DrugClass.PartialOpioidAgonist or DrugClass.Benzodiazepine;
}

public static class Routes
{
    public const string Sublingual = "SL";
    public const string Buccal = "buccal";
    public const string Oral = "PO";
    public const string Intravenous = "IV";
    public const string Intramuscular = "IM";
    public const string Subcutaneous = "SC";
    public const string Intranasal = "IN";

    public static IReadOnlyList<string> All { get; } = [Sublingual, Buccal, Oral, Intravenous, Intramuscular, Subcutaneous, Intranasal];
}

public static class Medications
{
    public static IReadOnlyList<Medication> Catalogue { get; } =
    [
        new("buprenorphine", "Buprenorphine", DrugClass.PartialOpioidAgonist, [Routes.Sublingual, Routes.Buccal], 0.5m, 32m),
        new("buprenorphine-naloxone", "Buprenorphine with naloxone", DrugClass.PartialOpioidAgonist, [Routes.Sublingual, Routes.Buccal], 0.5m, 32m),
        new("methadone", "Methadone", DrugClass.FullOpioidAgonist, [Routes.Oral], 1m, 150m),
        new("naloxone", "Naloxone", DrugClass.OpioidAntagonist, [Routes.Intravenous, Routes.Intramuscular, Routes.Subcutaneous, Routes.Intranasal], 0.04m, 10m),
        new("diazepam", "Diazepam", DrugClass.Benzodiazepine, [Routes.Oral, Routes.Intravenous, Routes.Intramuscular], 1m, 40m),
        new("chlordiazepoxide", "Chlordiazepoxide", DrugClass.Benzodiazepine, [Routes.Oral], 5m, 200m),
        new("lorazepam", "Lorazepam", DrugClass.Benzodiazepine, [Routes.Oral, Routes.Intravenous, Routes.Intramuscular], 0.25m, 10m),
        new("oxazepam", "Oxazepam", DrugClass.Benzodiazepine, [Routes.Oral], 5m, 120m),
        new("lofexidine", "Lofexidine", DrugClass.Alpha2Agonist, [Routes.Oral], 0.18m, 0.8m),
        new("clonidine", "Clonidine", DrugClass.Alpha2Agonist, [Routes.Oral], 0.025m, 0.3m),
    ];

    private static readonly Dictionary<string, Medication> ByDrug = Catalogue.ToDictionary(m => m.Drug, StringComparer.Ordinal);

    public static Medication? Find(string? drug) => drug is not null && ByDrug.TryGetValue(drug, out var medication) ? medication : null;

    public static decimal ToMilligrams(decimal dose, DoseUnit unit) => unit == DoseUnit.Mcg ? dose / 1000m : dose;

    public static bool IsPlausible(Medication medication, decimal dose, DoseUnit unit) =>
        ToMilligrams(dose, unit) is var mg && mg >= medication.MinimumMg && mg <= medication.MaximumMg;
}

/// <summary>A dose given to the patient, as the rules read it.</summary>
public sealed record DoseGiven(Guid Id, string Drug, decimal Dose, DoseUnit Unit, string Route, DateTimeOffset GivenAt)
{
    public Medication Medication => Medications.Find(Drug) ?? throw new InvalidOperationException($"{Drug} is not in the catalogue.");

    public DrugClass Class => Medication.Class;

    public bool IsBuprenorphine => Class == DrugClass.PartialOpioidAgonist;

    /// <summary>"diazepam 20 mg PO at 13:10", the words a reason names a dose with.</summary>
    public string Describe(TimeZoneInfo zone) => $"{Drug} {DoseText.Amount(Dose)} {(Unit == DoseUnit.Mcg ? "mcg" : "mg")} {Route} at {DoseText.Time(GivenAt, zone)}";
}

internal static class DoseText
{
    public static string Amount(decimal dose) => dose.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);

    public static string Time(DateTimeOffset at, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(at, zone).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture) + (zone == TimeZoneInfo.Utc ? " UTC" : "");

    public static string Duration(TimeSpan span) => $"{(int)span.TotalHours} h {span.Minutes:00} min";
}
