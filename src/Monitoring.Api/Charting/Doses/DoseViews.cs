using Monitoring.Api.Charting.Observations;
using Monitoring.Clinical;

namespace Monitoring.Api.Charting.Doses;

public sealed record DoseView(
    Guid Id,
    Guid AdmissionId,
    string Drug,
    string DrugClass,
    decimal Dose,
    string Unit,
    decimal DoseMg,
    string Route,
    DateTimeOffset GivenAt,
    DateTimeOffset RecordedAt,
    string RecordedBy,
    string? Reason,
    string? Note,
    EnteredInErrorView? EnteredInError);

/// <summary>A check a dose calls for, as the dose's answer and the dashboard show it.</summary>
/// <summary>A check a dose calls for; <see cref="Name"/> in a nurse's words (a scale's check is named by the scale).</summary>
public sealed record CheckDueView(string Kind, DateTimeOffset DueAt, string Basis, Guid DoseId)
{
    public string Name => Kind switch
    {
        DoseSchedule.PossRr => "POSS + RR check",
        DoseSchedule.WatchVitals => "Vitals with POSS (re-sedation watch)",
        _ => AssessmentScales.Find(Kind)?.Name ?? Kind,
    };

    public static CheckDueView Of(CheckDue check) => new(check.Kind, check.DueAt, check.Basis, check.DoseId);
}

public sealed record SubstanceUseView(string Substance, string Class, DateTimeOffset? LastUseAt);
