namespace Monitoring.Clinical;

/// <summary>Where an alert stands in its episode: sounding, silenced by someone, or over but not yet seen.</summary>
public enum EpisodeStatus
{
    /// <summary>Sounding until someone acknowledges it.</summary>
    Active,

    /// <summary>Silenced for the evidence it was acknowledged on.</summary>
    Acknowledged,

    /// <summary>Still active (nobody has seen it) but the condition no longer fires: it has stopped sounding.</summary>
    Cleared,
}

/// <summary>An alert that is not resolved: its status, the evidence it shows and the evidence it was acknowledged on.</summary>
public sealed record OpenEpisode(EpisodeStatus Status, Severity Evidence, Severity? AcknowledgedEvidence = null);

public enum EpisodeTransition
{
    /// <summary>Nothing to record: no alert and no finding, or an observation that cannot speak for the alert's evidence.</summary>
    Unchanged,

    /// <summary>A first finding: a new alert, sounding.</summary>
    Raised,

    /// <summary>The same or milder finding on an alert that stands: seen again, evidence kept.</summary>
    SeenAgain,

    /// <summary>A worse finding on an active alert: the evidence is replaced (a higher priority restarts its escalation clock).</summary>
    Worsened,

    /// <summary>Active during a re-sedation watch: the reason follows the latest finding, with the watch's words.</summary>
    Refreshed,

    /// <summary>Acknowledged, then worse (or any finding during a re-sedation watch): active and sounding again.</summary>
    Reactivated,

    /// <summary>An active alert whose condition no longer fires: it stops sounding and stays until acknowledged.</summary>
    Cleared,

    /// <summary>An acknowledged alert whose condition no longer fires: the episode is over and the alert resolves itself.</summary>
    Resolved,

    /// <summary>A finding after a cleared episode: the old alert is closed and a new one raised, sounding whatever its severity.</summary>
    NewEpisode,

    /// <summary>A late entry (older than the latest of its kind) that is no worse: recorded against the alert, nothing replaced.</summary>
    SeenLate,
}

/// <summary>What an alert does next, and for a re-alarm, what worsened ("RR 10 -> 4").</summary>
public sealed record EpisodeStep(EpisodeTransition Transition, IReadOnlyList<string> Worsened)
{
    public static EpisodeStep Of(EpisodeTransition transition) => new(transition, []);
}

/// <summary>
/// An alert is an episode of a condition, not a static finding: raised, made worse, silenced, cleared when valid
/// data show the condition no longer fires, and raised again as a new episode when it returns. The alert writer
/// only applies the step decided here.
/// </summary>
public static class Episodes
{
    /// <param name="open">The alert of this code that is not resolved, if any.</param>
    /// <param name="finding">What the new observation shows for this code, or null when the rule did not fire.</param>
    /// <param name="speaksForEvidence">The observation charted every value the alert's evidence rests on, so its silence means the condition has gone.</param>
    /// <param name="late">The observation is older than the latest valid one of its kind: history, never the patient's present.</param>
    public static EpisodeStep Next(OpenEpisode? open, Finding? finding, bool speaksForEvidence, bool late)
    {
        if (finding is null)
        {
            if (open is null || late || !speaksForEvidence)
            {
                return EpisodeStep.Of(EpisodeTransition.Unchanged);
            }
            return EpisodeStep.Of(open.Status switch
            {
                EpisodeStatus.Active => EpisodeTransition.Cleared,
                EpisodeStatus.Acknowledged => EpisodeTransition.Resolved,
                _ => EpisodeTransition.Unchanged,
            });
        }
        if (open is null)
        {
            return EpisodeStep.Of(EpisodeTransition.Raised);
        }
        var watch = finding.DuringWatch && !late;
        switch (open.Status)
        {
            case EpisodeStatus.Cleared:
                return EpisodeStep.Of(late ? EpisodeTransition.SeenLate : EpisodeTransition.NewEpisode);
            case EpisodeStatus.Acknowledged:
                var worsened = finding.Severity.WorsenedSince(open.AcknowledgedEvidence ?? open.Evidence);
                if (worsened.Count > 0 || watch)
                {
                    return new EpisodeStep(EpisodeTransition.Reactivated, worsened);
                }
                break;
            default:
                if (finding.Severity.IsWorseThan(open.Evidence))
                {
                    return EpisodeStep.Of(EpisodeTransition.Worsened);
                }
                if (watch)
                {
                    return EpisodeStep.Of(EpisodeTransition.Refreshed);
                }
                break;
        }
        return EpisodeStep.Of(late ? EpisodeTransition.SeenLate : EpisodeTransition.SeenAgain);
    }

    /// <summary>
    /// Whether an observation that charted <paramref name="charted"/> (labels of severity parts: "RR", "POSS", "SpO2",
    /// "NEWS2", …) can say a condition has gone: every part of the evidence that was abnormal must have been charted
    /// again. A temperature-only set says nothing about breathing.
    /// </summary>
    public static bool SpeaksFor(Severity evidence, IReadOnlySet<string> charted) =>
        evidence.Parts.Where(part => part.Rank > 0 || part.Band > 0).All(part => charted.Contains(part.Label));
}
