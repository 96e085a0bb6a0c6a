namespace Monitoring.Clinical;

/// <summary>
/// The thresholds and intervals a ward may tune. Defaults are the table of the design; a setting
/// that would silence a rule entirely is refused by <see cref="Validate"/>.
/// </summary>
public sealed partial record WardSettings
{
    public static WardSettings Default { get; } = new();

    /// <summary>RR at or below this is respiratory depression on its own.</summary>
    public int RespiratoryDepressionRate { get; init; } = 8;

    /// <summary>RR at or below this is respiratory depression with sedation, altered consciousness or hypoxaemia.</summary>
    public int RespiratoryDepressionRateWithSigns { get; init; } = 11;

    public int WithdrawalSevereCows { get; init; } = 25;

    public int WithdrawalEscalationRise { get; init; } = 8;

    public int WithdrawalEscalationWindowHours { get; init; } = 6;

    /// <summary>Buprenorphine induction may start at this COWS (protocols use 8-12; higher after fentanyl).</summary>
    public int InductionThresholdCows { get; init; } = 8;

    public int CowsIntervalHours { get; init; } = 4;

    public int CowsIntensiveIntervalHours { get; init; } = 1;

    /// <summary>COWS at or above this moves the patient to the intensive COWS interval.</summary>
    public int CowsIntensiveFrom { get; init; } = 13;

    /// <summary>CIWA-Ar at or above this: a symptom-triggered dose is indicated, and CIWA-Ar becomes hourly.</summary>
    public int CiwaMedicationThreshold { get; init; } = 10;

    /// <summary>CIWA-Ar at or above this raises severe alcohol withdrawal to high: risk of seizures and delirium.</summary>
    public int CiwaHighThreshold { get; init; } = 20;

    public int CiwaIntervalHours { get; init; } = 4;

    public int CiwaIntensiveIntervalHours { get; init; } = 1;

    /// <summary>Vital signs interval when NEWS2 cannot be computed (partial set, under 16, pregnancy).</summary>
    public int VitalsDefaultIntervalHours { get; init; } = 4;

    public int OverdueGraceMinutes { get; init; } = 15;

    /// <summary>Vitals with POSS are due this soon after POSS 3 or more or RR under 10, until both recover.</summary>
    public int SedationRecheckMinutes { get; init; } = 15;

    public int HighEscalationMinutes { get; init; } = 2;

    public int MediumEscalationMinutes { get; init; } = 15;

    /// <summary>IANA time zone in which reasons give times, as the ward's clocks show them.</summary>
    public string TimeZone { get; init; } = "Europe/London";

    public TimeSpan OverdueGrace => TimeSpan.FromMinutes(OverdueGraceMinutes);

    public IReadOnlyDictionary<string, string[]> Validate()
    {
        var problems = new Dictionary<string, string[]>();
        void Check(bool ok, string field, string message)
        {
            if (!ok)
            {
                problems[field] = [message];
            }
        }

        Check(RespiratoryDepressionRate is >= 1 and <= 30, "respiratoryDepressionRate", "Between 1 and 30 /min: 0 or less would never fire.");
        Check(RespiratoryDepressionRateWithSigns >= RespiratoryDepressionRate && RespiratoryDepressionRateWithSigns <= 30,
            "respiratoryDepressionRateWithSigns", "At least respiratoryDepressionRate and at most 30 /min.");
        Check(WithdrawalSevereCows is >= 1 and <= Cows.MaximumTotal, "withdrawalSevereCows", "Between 1 and 48: above 48 would never fire.");
        Check(WithdrawalEscalationRise is >= 1 and <= Cows.MaximumTotal, "withdrawalEscalationRise", "Between 1 and 48.");
        Check(WithdrawalEscalationWindowHours is >= 1 and <= 72, "withdrawalEscalationWindowHours", "Between 1 and 72 hours.");
        Check(InductionThresholdCows is >= 1 and <= Cows.MaximumTotal, "inductionThresholdCows", "Between 1 and 48: above 48 would never fire.");
        Check(CowsIntervalHours is >= 1 and <= 24, "cowsIntervalHours", "Between 1 and 24 hours.");
        Check(CowsIntensiveIntervalHours >= 1 && CowsIntensiveIntervalHours <= CowsIntervalHours, "cowsIntensiveIntervalHours", "At least 1 hour and no longer than cowsIntervalHours.");
        Check(CowsIntensiveFrom is >= 1 and <= Cows.MaximumTotal, "cowsIntensiveFrom", "Between 1 and 48.");
        // Each scale checks its own thresholds: a setting above its maximum total would silence its rule.
        foreach (var scale in AssessmentScales.All)
        {
            foreach (var (field, message) in scale.ValidateSettings(this))
            {
                problems[field] = [message];
            }
        }
        Check(VitalsDefaultIntervalHours is >= 1 and <= 12, "vitalsDefaultIntervalHours", "Between 1 and 12 hours.");
        Check(SedationRecheckMinutes is >= 5 and <= 60, "sedationRecheckMinutes", "Between 5 and 60 minutes.");
        Check(OverdueGraceMinutes is >= 0 and <= 120, "overdueGraceMinutes", "Between 0 and 120 minutes.");
        Check(HighEscalationMinutes is >= 1 and <= 15, "highEscalationMinutes", "Between 1 and 15 minutes.");
        Check(MediumEscalationMinutes >= HighEscalationMinutes && MediumEscalationMinutes <= 60, "mediumEscalationMinutes", "At least highEscalationMinutes and at most 60 minutes.");
        ValidateDoseSettings(Check);
        ValidateMonitorSettings(Check);
        ValidateShifts(Check);
        return problems;
    }
}
