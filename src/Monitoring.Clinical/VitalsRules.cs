namespace Monitoring.Clinical;

/// <summary>The observation that the vital-sign rules judge, with what the admission says about it.</summary>
public sealed record VitalsObservation(VitalSigns Vitals, PossLevel? Sedation, News2Result News2, SpO2Scale Scale);

/// <summary>Deterioration rules on one set of vital signs: opioid toxicity first, then NEWS2.</summary>
public static class VitalsRules
{
    public static IReadOnlyList<Finding> Evaluate(VitalsObservation observation, WardSettings settings)
    {
        var findings = new List<Finding>();
        if (RespiratoryDepression(observation, settings) is { } depression)
        {
            findings.Add(depression);
        }
        if (Oversedation(observation) is { } oversedation)
        {
            findings.Add(oversedation);
        }
        if (Hypoxaemia(observation) is { } hypoxaemia)
        {
            findings.Add(hypoxaemia);
        }
        findings.AddRange(News2Findings(observation.News2));
        return findings;
    }

    public static Finding? RespiratoryDepression(VitalsObservation observation, WardSettings settings)
    {
        if (observation.Vitals.RespiratoryRate is not { } rr)
        {
            return null;
        }
        if (rr > settings.RespiratoryDepressionRateWithSigns)
        {
            return null;
        }
        var signs = new List<string>();
        if (observation.Sedation is { } sedation && Poss.Rank(sedation) >= 3)
        {
            signs.Add($"POSS {Poss.Code(sedation)} ({PossWords(sedation)})");
        }
        if (observation.Vitals.Consciousness is { } level && level != Consciousness.Alert)
        {
            signs.Add($"consciousness {Acvpu.Code(level)} ({level.ToString().ToLowerInvariant()})");
        }
        if (SpO2Score(observation) is >= 2 and var score && observation.Vitals.SpO2 is { } spo2)
        {
            signs.Add($"SpO2 {spo2} % (NEWS2 score {score})");
        }
        var with = signs.Count == 0 ? "" : $" with {string.Join(" and ", signs)}";
        if (rr <= settings.RespiratoryDepressionRate)
        {
            return new Finding(AlertCodes.RespiratoryDepression, AlertPriority.High, $"Respiratory rate {rr}/min (≤ {settings.RespiratoryDepressionRate}){with}.");
        }
        return signs.Count == 0
            ? null
            : new Finding(AlertCodes.RespiratoryDepression, AlertPriority.High, $"Respiratory rate {rr}/min (≤ {settings.RespiratoryDepressionRateWithSigns}){with}.");
    }

    public static Finding? Oversedation(VitalsObservation observation)
    {
        var sedation = observation.Sedation;
        var level = observation.Vitals.Consciousness;
        var high = sedation == PossLevel.Somnolent || level is Consciousness.Pain or Consciousness.Unresponsive;
        var medium = sedation == PossLevel.FrequentlyDrowsy || level == Consciousness.Voice;
        if (!high && !medium)
        {
            return null;
        }
        var parts = new List<string>();
        if (sedation is { } s && Poss.Rank(s) >= 3)
        {
            parts.Add($"POSS {Poss.Code(s)} ({PossWords(s)})");
        }
        if (level is Consciousness.Voice or Consciousness.Pain or Consciousness.Unresponsive)
        {
            parts.Add($"responds only to {(level == Consciousness.Unresponsive ? "nothing (unresponsive)" : level.ToString()!.ToLowerInvariant())}");
        }
        return new Finding(AlertCodes.Oversedation, high ? AlertPriority.High : AlertPriority.Medium,
            $"Oversedation: {string.Join(", ", parts)}.");
    }

    public static Finding? Hypoxaemia(VitalsObservation observation)
    {
        if (SpO2Score(observation) is not (>= 2 and var score) || observation.Vitals.SpO2 is not { } spo2)
        {
            return null;
        }
        var oxygen = observation.Vitals.OnOxygen == true ? " on oxygen" : "";
        return new Finding(AlertCodes.Hypoxaemia, score == 3 ? AlertPriority.High : AlertPriority.Medium,
            $"SpO2 {spo2} %{oxygen} (scale {(int)observation.Scale}, NEWS2 score {score}).");
    }

    public static IEnumerable<Finding> News2Findings(News2Result news2)
    {
        if (news2.Total is not { } total)
        {
            yield break;
        }
        if (total >= 7)
        {
            yield return new Finding(AlertCodes.News2High, AlertPriority.High, $"NEWS2 {total} (≥ 7): emergency response.");
        }
        else if (total >= 5)
        {
            yield return new Finding(AlertCodes.News2Medium, AlertPriority.Medium, $"NEWS2 {total} (5-6): urgent response.");
        }
        else if (news2.AnyParameterScoredThree)
        {
            var threes = news2.Parameters.Where(p => p.Value == 3).Select(p => News2Names.Of(p.Key)).ToList();
            yield return new Finding(AlertCodes.News2SingleParameter, AlertPriority.Medium,
                $"NEWS2 {total} with {string.Join(" and ", threes)} scoring 3: urgent ward review.");
        }
    }

    private static int? SpO2Score(VitalsObservation observation) =>
        observation.News2.Parameters.TryGetValue(News2Parameter.SpO2, out var score) ? score : null;

    private static string PossWords(PossLevel level) => level switch
    {
        PossLevel.FrequentlyDrowsy => "frequently drowsy",
        PossLevel.Somnolent => "somnolent",
        PossLevel.SlightlyDrowsy => "slightly drowsy",
        PossLevel.AwakeAndAlert => "awake and alert",
        _ => "asleep, easy to arouse",
    };
}
