namespace Monitoring.Clinical;

/// <summary>National Early Warning Score 2 (Royal College of Physicians, 2017).</summary>
public static class News2
{
    public const int MinimumAgeYears = 16;

    public static int RespirationRate(int breathsPerMinute) => breathsPerMinute switch
    {
        <= 8 => 3,
        <= 11 => 1,
        <= 20 => 0,
        <= 24 => 2,
        _ => 3,
    };

    public static int SpO2(int percent, SpO2Scale scale, bool onOxygen) => scale switch
    {
        SpO2Scale.Scale1 => percent switch
        {
            <= 91 => 3,
            <= 93 => 2,
            <= 95 => 1,
            _ => 0,
        },
        SpO2Scale.Scale2 => percent switch
        {
            <= 83 => 3,
            <= 85 => 2,
            <= 87 => 1,
            <= 92 => 0,
            // Above the prescribed 88-92 % target, only supplemental oxygen makes a high saturation a risk.
            _ when !onOxygen => 0,
            <= 94 => 1,
            <= 96 => 2,
            _ => 3,
        },
        _ => throw new ArgumentOutOfRangeException(nameof(scale)),
    };

    public static int AirOrOxygen(bool onOxygen) => onOxygen ? 2 : 0;

    public static int SystolicBp(int mmHg) => mmHg switch
    {
        <= 90 => 3,
        <= 100 => 2,
        <= 110 => 1,
        <= 219 => 0,
        _ => 3,
    };

    public static int Pulse(int beatsPerMinute) => beatsPerMinute switch
    {
        <= 40 => 3,
        <= 50 => 1,
        <= 90 => 0,
        <= 110 => 1,
        <= 130 => 2,
        _ => 3,
    };

    public static int ConsciousnessScore(Consciousness level) => level == Consciousness.Alert ? 0 : 3;

    /// <summary>The chart's bands are one decimal wide: round half away from zero first (36.05 reads 36.1).</summary>
    public static int Temperature(decimal celsius) => decimal.Round(celsius, 1, MidpointRounding.AwayFromZero) switch
    {
        <= 35.0m => 3,
        <= 36.0m => 1,
        <= 38.0m => 0,
        <= 39.0m => 1,
        _ => 2,
    };

    /// <summary>The first total of the high band (RCP 2017: emergency response).</summary>
    public const int HighFrom = 7;

    /// <summary>The first total of the medium band (RCP 2017: urgent response).</summary>
    public const int MediumFrom = 5;

    public static News2Band Band(int total, bool anyParameterScoredThree) => total switch
    {
        < 0 => throw new ArgumentOutOfRangeException(nameof(total), total, "A NEWS2 total is not negative."),
        >= HighFrom => News2Band.High,
        >= MediumFrom => News2Band.Medium,
        _ when anyParameterScoredThree => News2Band.LowMedium,
        _ => News2Band.Low,
    };

    /// <summary>The minimum observation frequency of the RCP clinical response for the score.</summary>
    public static TimeSpan MinimumObservationInterval(int total, News2Band band) => band switch
    {
        News2Band.Low when total == 0 => TimeSpan.FromHours(12),
        News2Band.Low => TimeSpan.FromHours(4),
        News2Band.LowMedium or News2Band.Medium => TimeSpan.FromHours(1),
        // Continuous monitoring: the chart must still be written at least every 15 minutes.
        News2Band.High => TimeSpan.FromMinutes(15),
        _ => throw new ArgumentOutOfRangeException(nameof(band)),
    };

    public static News2Result Score(VitalSigns vitals, SpO2Scale scale, int ageYears, bool pregnant)
    {
        var parameters = new Dictionary<News2Parameter, int>();
        var missing = new List<News2Parameter>();
        void Add(News2Parameter parameter, int? score)
        {
            if (score is { } value)
            {
                parameters[parameter] = value;
            }
            else
            {
                missing.Add(parameter);
            }
        }

        Add(News2Parameter.RespirationRate, vitals.RespiratoryRate is { } rr ? RespirationRate(rr) : null);
        // Scale 2 scores a saturation of 93 % or more by whether oxygen is given: unknown oxygen, unknown score.
        Add(News2Parameter.SpO2, vitals.SpO2 is { } spo2 && (scale == SpO2Scale.Scale1 || spo2 <= 92 || vitals.OnOxygen is not null)
            ? SpO2(spo2, scale, vitals.OnOxygen ?? false)
            : null);
        Add(News2Parameter.AirOrOxygen, vitals.OnOxygen is { } oxygen ? AirOrOxygen(oxygen) : null);
        Add(News2Parameter.SystolicBp, vitals.SystolicBp is { } sbp ? SystolicBp(sbp) : null);
        Add(News2Parameter.Pulse, vitals.HeartRate is { } hr ? Pulse(hr) : null);
        Add(News2Parameter.Consciousness, vitals.Consciousness is { } level ? ConsciousnessScore(level) : null);
        Add(News2Parameter.Temperature, vitals.TemperatureC is { } t ? Temperature(t) : null);

        var reason = ageYears < MinimumAgeYears
            ? $"NEWS2 not computed: it is not validated under {MinimumAgeYears} years of age (patient is {ageYears})."
            : pregnant
                ? "NEWS2 not computed: it is not validated in pregnancy (obstetric review)."
                : missing.Count > 0
                    ? $"NEWS2 not computed: {News2Names.Join(missing)} not charted."
                    : null;
        if (reason is not null)
        {
            return new News2Result(null, null, parameters, missing, reason, null, pregnant && ageYears >= MinimumAgeYears);
        }

        var total = parameters.Values.Sum();
        var band = Band(total, parameters.Values.Any(score => score == 3));
        return new News2Result(total, band, parameters, missing, null, MinimumObservationInterval(total, band));
    }
}
