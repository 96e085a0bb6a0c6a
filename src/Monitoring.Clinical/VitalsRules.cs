namespace Monitoring.Clinical;

/// <summary>The observation that the vital-sign rules judge, with what the admission says about it.</summary>
public sealed record VitalsObservation(VitalSigns Vitals, PossLevel? Sedation, News2Result News2, SpO2Scale Scale);

/// <summary>Deterioration rules on one set of vital signs: opioid toxicity first, then NEWS2.</summary>
public static class VitalsRules
{
    public const string OpioidToxicityAction = "stop opioids, consider naloxone, call for help";
    private const string News2ThreesLabel = "parameters scoring 3";

    public const string ReduceOpioidAction = "monitor breathing and sedation closely, reduce the opioid and tell the prescriber";

    /// <summary>The alert codes these rules decide: a set that no longer fires one may clear its episode.</summary>
    public static readonly IReadOnlyList<string> Codes =
    [
        AlertCodes.RespiratoryDepression, AlertCodes.Oversedation, AlertCodes.Hypoxaemia, AlertCodes.OverOxygenation,
        AlertCodes.News2High, AlertCodes.News2Medium, AlertCodes.News2SingleParameter,
    ];

    /// <summary>The severity parts a set charted, by label: what its silence can speak for (<see cref="Episodes.SpeaksFor"/>).</summary>
    public static IReadOnlySet<string> Charted(VitalsObservation observation)
    {
        var charted = new HashSet<string>();
        var vitals = observation.Vitals;
        if (vitals.RespiratoryRate is not null)
        {
            charted.Add("RR");
        }
        if (observation.Sedation is not null)
        {
            charted.Add("POSS");
        }
        if (vitals.Consciousness is not null)
        {
            charted.Add("consciousness");
        }
        if (vitals.SpO2 is not null)
        {
            charted.Add("SpO2");
        }
        if (observation.News2.Missing.Count == 0 && (observation.News2.Total is not null || observation.News2.NotValidatedInPregnancy))
        {
            charted.UnionWith(["NEWS2", News2ThreesLabel]);
        }
        return charted;
    }

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
        if (OverOxygenation(observation) is { } overOxygenation)
        {
            findings.Add(overOxygenation);
        }
        findings.AddRange(News2Findings(observation.News2));
        return findings;
    }

    public static Finding? RespiratoryDepression(VitalsObservation observation, WardSettings settings)
    {
        if (observation.Vitals.RespiratoryRate is not { } rr || rr > settings.RespiratoryDepressionRateWithSigns)
        {
            return null;
        }
        var signs = new List<string>();
        var parts = new List<SeverityPart> { SeverityParts.RespiratoryRate(rr) };
        if (observation.Sedation is { } sedation)
        {
            parts.Add(SeverityParts.Sedation(sedation));
            if (Poss.Rank(sedation) >= 3)
            {
                signs.Add($"POSS {Poss.Code(sedation)} ({PossWords(sedation)})");
            }
        }
        if (observation.Vitals.Consciousness is { } level)
        {
            parts.Add(SeverityParts.Consciousness(level));
            if (level != Consciousness.Alert)
            {
                signs.Add($"consciousness {Acvpu.Code(level)} ({level.ToString().ToLowerInvariant()})");
            }
        }
        if (LowSaturationScore(observation) is { } score && observation.Vitals.SpO2 is { } spo2)
        {
            parts.Add(SeverityParts.SpO2Band(spo2, score, observation.Scale));
            if (score >= 2)
            {
                signs.Add($"SpO2 {spo2} % (NEWS2 score {score})");
            }
        }
        var with = signs.Count == 0 ? "" : $" with {string.Join(" and ", signs)}";
        var threshold = rr <= settings.RespiratoryDepressionRate ? settings.RespiratoryDepressionRate : settings.RespiratoryDepressionRateWithSigns;
        if (rr > settings.RespiratoryDepressionRate && signs.Count == 0)
        {
            return null;
        }
        return new Finding(AlertCodes.RespiratoryDepression, AlertPriority.High,
            $"Respiratory rate {rr}/min (≤ {threshold}){with}: {OpioidToxicityAction}.")
        { Parts = parts };
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
        var words = new List<string>();
        var parts = new List<SeverityPart>();
        if (sedation is { } s)
        {
            parts.Add(SeverityParts.Sedation(s));
            if (Poss.Rank(s) >= 3)
            {
                words.Add($"POSS {Poss.Code(s)} ({PossWords(s)})");
            }
        }
        if (level is { } l)
        {
            parts.Add(SeverityParts.Consciousness(l));
            if (l is Consciousness.Voice or Consciousness.Pain or Consciousness.Unresponsive)
            {
                words.Add($"responds only to {(l == Consciousness.Unresponsive ? "nothing (unresponsive)" : l.ToString().ToLowerInvariant())}");
            }
        }
        return new Finding(AlertCodes.Oversedation, high ? AlertPriority.High : AlertPriority.Medium,
            $"Oversedation: {string.Join(", ", words)}: {(high ? OpioidToxicityAction : ReduceOpioidAction)}.")
        { Parts = parts };
    }

    /// <summary>Low saturation on the admission's scale; on scale 2 a high saturation is never hypoxaemia.</summary>
    public static Finding? Hypoxaemia(VitalsObservation observation)
    {
        if (LowSaturationScore(observation) is not (>= 2 and var score) || observation.Vitals.SpO2 is not { } spo2)
        {
            return null;
        }
        var oxygen = observation.Vitals.OnOxygen switch
        {
            true => " on oxygen",
            false => " on air",
            null => "",
        };
        var target = TargetRange(observation.Scale);
        var action = score == 3
            ? $"give oxygen to the target {target} and call for urgent review"
            : $"check the probe and airway, give oxygen to the target {target} and observe at least hourly";
        return new Finding(AlertCodes.Hypoxaemia, score == 3 ? AlertPriority.High : AlertPriority.Medium,
            $"SpO2 {spo2} %{oxygen} (scale {(int)observation.Scale}, NEWS2 score {score}): {action}.")
        { Parts = [SeverityParts.SpO2Band(spo2, score, observation.Scale)] };
    }

    /// <summary>On scale 2 (hypercapnic respiratory failure) too much oxygen is the danger: it suppresses the drive to breathe.</summary>
    public static Finding? OverOxygenation(VitalsObservation observation)
    {
        // On oxygen, a saturation that scores 3 on scale 2 (97 % or more) is over-oxygenation.
        if (observation.Scale != SpO2Scale.Scale2 || observation.Vitals.OnOxygen != true || observation.Vitals.SpO2 is not { } spo2
            || News2.SpO2(spo2, SpO2Scale.Scale2, onOxygen: true) < 3)
        {
            return null;
        }
        var target = TargetRange(SpO2Scale.Scale2);
        return new Finding(AlertCodes.OverOxygenation, AlertPriority.Medium,
            $"SpO2 {spo2} % on oxygen on scale 2 (above the target {target}): reduce oxygen to the target {target}.")
        { Parts = [new SeverityPart("SpO2", spo2 - 96, $"{spo2} %")] };
    }

    public static IEnumerable<Finding> News2Findings(News2Result news2)
    {
        var complete = news2.Total is not null;
        if (!complete && news2.Parameters.Count == 0)
        {
            yield break;
        }
        var sum = news2.Total ?? news2.PartialSum;
        var threes = news2.Parameters.Where(p => p.Value == 3).Select(p => News2Names.Of(p.Key)).ToList();
        var parts = new List<SeverityPart> { SeverityParts.News2Total(sum), new(News2ThreesLabel, threes.Count, threes.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)) };
        var what = complete
            ? $"NEWS2 {sum}"
            : news2.Missing.Count > 0
                ? $"Partial NEWS2 ({News2Names.Join(news2.Missing)} not charted) already {sum}"
                : $"Early-warning parameters sum to {sum}";
        var pregnancy = news2.NotValidatedInPregnancy ? "; NEWS2 not validated in pregnancy: obstetric review" : "";
        if (!complete && !news2.NotValidatedInPregnancy && news2.Missing.Count == 0)
        {
            // Not computed for another reason (under 16): the unit's scores do not apply.
            yield break;
        }
        if (sum >= News2.HighFrom)
        {
            yield return new Finding(AlertCodes.News2High, AlertPriority.High,
                $"{what} (≥ {News2.HighFrom}){pregnancy}: emergency response, continuous monitoring, call the critical care team.")
            { Parts = parts };
        }
        else if (sum >= News2.MediumFrom)
        {
            yield return new Finding(AlertCodes.News2Medium, AlertPriority.Medium,
                $"{what} ({News2.MediumFrom}-{News2.HighFrom - 1}){pregnancy}: urgent response, physician review, observations at least hourly.")
            { Parts = parts };
        }
        else if (threes.Count > 0)
        {
            yield return new Finding(AlertCodes.News2SingleParameter, AlertPriority.Medium,
                $"{what} with {string.Join(" and ", threes)} scoring 3{pregnancy}: urgent ward review, observations at least hourly.")
            { Parts = parts };
        }
    }

    /// <summary>The SpO2 score on the low side of the target; on scale 2 a saturation above 92 % scores nothing here.</summary>
    private static int? LowSaturationScore(VitalsObservation observation)
    {
        if (observation.Vitals.SpO2 is not { } spo2)
        {
            return null;
        }
        return observation.Scale == SpO2Scale.Scale2 && spo2 > SpO2Scales.Scale2Target.To ? 0 : News2.SpO2(spo2, observation.Scale, observation.Vitals.OnOxygen ?? false);
    }

    private static string TargetRange(SpO2Scale scale) =>
        scale == SpO2Scale.Scale2 ? $"{SpO2Scales.Scale2Target.From}-{SpO2Scales.Scale2Target.To} %" : "of 94-98 %";

    private static string PossWords(PossLevel level) => level switch
    {
        PossLevel.FrequentlyDrowsy => "frequently drowsy",
        PossLevel.Somnolent => "somnolent",
        PossLevel.SlightlyDrowsy => "slightly drowsy",
        PossLevel.AwakeAndAlert => "awake and alert",
        _ => "asleep, easy to arouse",
    };
}
