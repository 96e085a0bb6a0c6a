using Monitoring.Clinical.Devices;

namespace Monitoring.Clinical.Tests.Devices;

/// <summary>The continuous alarms on device time, each at its boundaries: threshold, delay, gap, scale, signal.</summary>
public sealed class MonitorAlarmRuleTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 3, 12, 0, TimeSpan.Zero);

    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    private static AlarmSample Spo2(double seconds, double value) => new(150456, MonitorParameter.Spo2, T0.AddSeconds(seconds), value);

    private static AlarmSample Rr(double seconds, double value, int code = 151562) => new(code, MonitorParameter.RespiratoryRate, T0.AddSeconds(seconds), value);

    private static AlarmSample Hr(double seconds, double value) => new(147842, MonitorParameter.HeartRate, T0.AddSeconds(seconds), value);

    private static AlarmSample Etco2(double seconds, double value) => new(151708, MonitorParameter.Etco2, T0.AddSeconds(seconds), value);

    /// <summary>Feeds each sample as its own message, as a monitor sends one a second; answers every change.</summary>
    private static List<AlarmChange> Feed(MonitorAlarmState state, IEnumerable<AlarmSample> samples, WardSettings? settings = null, SpO2Scale scale = SpO2Scale.Scale1) =>
        [.. samples.SelectMany(s => state.Observe([s], s.At, settings ?? WardSettings.Default, scale))];

    private static IEnumerable<AlarmSample> Every(double from, double to, double step, Func<double, AlarmSample> sample)
    {
        for (var t = from; t <= to + 1e-9; t += step)
        {
            yield return sample(t);
        }
    }

    [TestCase(14, false)]
    [TestCase(15, true)]
    public void Spo2_at_88_fires_after_fifteen_seconds_not_fourteen(int lastSecond, bool fires)
    {
        var changes = Feed(new MonitorAlarmState(), Every(0, lastSecond, 1, t => Spo2(t, 88)));
        Assert.That(changes.Any(c => c is { Code: AlertCodes.MonitorHypoxaemia, Move: AlarmMove.Fired }), Is.EqualTo(fires));
    }

    [TestCase(88, true)]
    [TestCase(89, false)]
    public void Spo2_threshold_is_88_inclusive(int spo2, bool fires)
    {
        var changes = Feed(new MonitorAlarmState(), Every(0, 30, 1, t => Spo2(t, spo2)));
        Assert.That(changes.Count(c => c.Code == AlertCodes.MonitorHypoxaemia && c.Move == AlarmMove.Fired), Is.EqualTo(fires ? 1 : 0));
    }

    [TestCase(SpO2Scale.Scale2, 85, false)]
    [TestCase(SpO2Scale.Scale2, 84, true)]
    [TestCase(SpO2Scale.Scale1, 85, true)]
    public void On_scale_two_the_threshold_is_84(SpO2Scale scale, int spo2, bool fires)
    {
        var changes = Feed(new MonitorAlarmState(), Every(0, 20, 1, t => Spo2(t, spo2)), scale: scale);
        Assert.That(changes.Any(c => c is { Code: AlertCodes.MonitorHypoxaemia, Move: AlarmMove.Fired }), Is.EqualTo(fires));
    }

    [TestCase(120, true)]
    [TestCase(121, false)]
    public void Two_valid_samples_more_than_120_s_apart_break_the_run(int gap, bool fires)
    {
        var changes = Feed(new MonitorAlarmState(), [Spo2(0, 85), Spo2(gap, 85)]);
        Assert.That(changes.Any(c => c.Code == AlertCodes.MonitorHypoxaemia), Is.EqualTo(fires));
    }

    [Test]
    public void A_broken_run_starts_again_at_the_sample_after_the_gap()
    {
        var changes = Feed(new MonitorAlarmState(), [Spo2(0, 85), Spo2(121, 85), Spo2(135, 85), Spo2(136, 85)]);
        var fired = changes.Single(c => c.Move == AlarmMove.Fired);
        Assert.That((fired.Snapshot.Since, fired.Snapshot.At), Is.EqualTo((T0.AddSeconds(121), T0.AddSeconds(136))));
    }

    [Test]
    public void An_invalid_sample_is_never_fed_so_a_run_with_one_still_fires_and_it_clears_nothing()
    {
        // The ingest drops an INV sample before the rules (SampleValidity): the run sees 0..9 and 11..15 s.
        Assert.That(SampleValidity.Map(150456, "99", 99, "262688", "", "R", ["INV"], false).Sample, Is.Null);
        var changes = Feed(new MonitorAlarmState(), Every(0, 15, 1, t => Spo2(t, 85)).Where(s => s.At != T0.AddSeconds(10)));
        Assert.That(changes.Single().Move, Is.EqualTo(AlarmMove.Fired));
    }

    [Test]
    public void One_sample_above_the_threshold_ends_the_run()
    {
        var changes = Feed(new MonitorAlarmState(), [.. Every(0, 10, 1, t => Spo2(t, 85)), Spo2(11, 89), .. Every(12, 26, 1, t => Spo2(t, 85))]);
        Assert.That(changes, Is.Empty, "12..26 s is 14 s: the run began again after 89 %");
    }

    [TestCase(59, false)]
    [TestCase(60, true)]
    public void Rr_at_8_fires_after_sixty_seconds(int lastSecond, bool fires)
    {
        var changes = Feed(new MonitorAlarmState(), Every(0, lastSecond, 1, t => Rr(t, 8)));
        Assert.That(changes.Any(c => c is { Code: AlertCodes.MonitorBradypnoea, Move: AlarmMove.Fired }), Is.EqualTo(fires));
    }

    [Test]
    public void Rr_at_9_is_not_bradypnoea() =>
        Assert.That(Feed(new MonitorAlarmState(), Every(0, 120, 1, t => Rr(t, 9))), Is.Empty);

    [TestCase(29, false)]
    [TestCase(30, true)]
    public void Rr_zero_is_apnoea_after_thirty_seconds(int lastSecond, bool fires)
    {
        var changes = Feed(new MonitorAlarmState(), Every(0, lastSecond, 1, t => Rr(t, 0)));
        Assert.That(changes.Any(c => c is { Code: AlertCodes.MonitorApnoea, Move: AlarmMove.Fired }), Is.EqualTo(fires));
    }

    [Test]
    public void Rr_one_is_not_apnoea() =>
        Assert.That(Feed(new MonitorAlarmState(), Every(0, 45, 1, t => Rr(t, 1))).Any(c => c.Code == AlertCodes.MonitorApnoea), Is.False);

    [TestCase(15, 179, false)]
    [TestCase(15, 180, true)]
    [TestCase(16, 300, false)]
    [TestCase(60, 180, true)]
    [TestCase(59, 300, false)]
    public void Etco2_at_or_beyond_15_and_60_mmHg_fires_after_three_minutes(int etco2, int lastSecond, bool fires)
    {
        var changes = Feed(new MonitorAlarmState(), Every(0, lastSecond, 5, t => Etco2(t, etco2)));
        Assert.That(changes.Any(c => c is { Code: AlertCodes.MonitorEtco2, Move: AlarmMove.Fired }), Is.EqualTo(fires));
    }

    [TestCase(40, 60, true)]
    [TestCase(41, 60, false)]
    [TestCase(131, 60, true)]
    [TestCase(130, 60, false)]
    [TestCase(131, 59, false)]
    public void Heart_rate_at_or_beyond_40_and_131_fires_after_sixty_seconds_as_medium(int hr, int lastSecond, bool fires)
    {
        var changes = Feed(new MonitorAlarmState(), Every(0, lastSecond, 1, t => Hr(t, hr)));
        var fired = changes.SingleOrDefault(c => c.Move == AlarmMove.Fired);
        Assert.That(fired is not null, Is.EqualTo(fires));
        if (fired is not null)
        {
            Assert.That(MonitorFindings.Of(fired, MonitorDoseContext.None, London).Priority, Is.EqualTo(AlertPriority.Medium));
        }
    }

    [Test]
    public void Ward_settings_move_the_thresholds_and_delays()
    {
        var settings = WardSettings.Default with { MonitorSpo2Low = 90, MonitorSpo2Seconds = 5 };
        var changes = Feed(new MonitorAlarmState(), Every(0, 5, 1, t => Spo2(t, 90)), settings);
        Assert.That(changes.Single().Move, Is.EqualTo(AlarmMove.Fired));
    }

    [Test]
    public void A_firing_condition_says_nothing_more_until_it_is_three_points_lower()
    {
        var changes = Feed(new MonitorAlarmState(), [.. Every(0, 15, 1, t => Spo2(t, 86)), Spo2(16, 84), Spo2(17, 85), Spo2(18, 83), Spo2(19, 82)]);
        Assert.That(changes.Select(c => (c.Move, c.Snapshot.Lowest)), Is.EqualTo(new[] { (AlarmMove.Fired, 86.0), (AlarmMove.Worse, 83.0) }));
    }

    [Test]
    public void A_valid_normal_sample_clears_with_when_and_after_how_long()
    {
        var changes = Feed(new MonitorAlarmState(), [.. Every(0, 180, 1, t => Spo2(t, 85)), Spo2(181, 95)]);
        var cleared = changes.Last();
        Assert.That((cleared.Move, cleared.Snapshot.ClearedAt, cleared.Snapshot.LastedFor), Is.EqualTo((AlarmMove.Cleared, T0.AddSeconds(181), TimeSpan.FromSeconds(181))));
        var reason = MonitorFindings.Of(cleared, MonitorDoseContext.None, London).Reason;
        Assert.That(reason, Does.EndWith("Cleared at 03:15 after 3 min 1 s."));
    }

    [Test]
    public void Samples_that_stop_never_clear_a_condition_they_become_a_lost_signal()
    {
        var state = new MonitorAlarmState();
        var changes = Feed(state, Every(0, 20, 1, t => Spo2(t, 84)).Concat(Every(0, 20, 1, t => Rr(t, 14))).OrderBy(s => s.At));
        // The probe is off: messages still come with RR only.
        changes.AddRange(Feed(state, Every(21, 80, 1, t => Rr(t, 14))));
        Assert.That(changes.Select(c => (c.Code, c.Move)), Is.EqualTo(new[]
        {
            (AlertCodes.MonitorHypoxaemia, AlarmMove.Fired),
            (AlertCodes.MonitorSignalLost, AlarmMove.Fired),
        }));
        var lost = changes.Last();
        Assert.That((lost.Snapshot.Lost, lost.Snapshot.At), Is.EqualTo((new[] { MonitorParameter.Spo2 }, T0.AddSeconds(80))));
    }

    [TestCase(59, false)]
    [TestCase(60, true)]
    public void A_signal_is_lost_after_sixty_seconds_of_messages_without_a_valid_sample(int seconds, bool lost)
    {
        var state = new MonitorAlarmState();
        Feed(state, [Spo2(0, 97)]);
        // A message whose SpO2 was invalid still speaks for its time.
        var changes = state.Observe([], T0.AddSeconds(seconds), WardSettings.Default, SpO2Scale.Scale1);
        Assert.That(changes.Any(c => c is { Code: AlertCodes.MonitorSignalLost, Move: AlarmMove.Fired }), Is.EqualTo(lost));
    }

    [Test]
    public void A_lost_signal_clears_when_a_valid_sample_comes_back()
    {
        var state = new MonitorAlarmState();
        Feed(state, [Spo2(0, 97)]);
        state.Observe([], T0.AddSeconds(70), WardSettings.Default, SpO2Scale.Scale1);
        var changes = Feed(state, [Spo2(75, 97)]);
        Assert.That(changes.Single().Move, Is.EqualTo(AlarmMove.Cleared));
    }

    [Test]
    public void Blood_pressure_taken_now_and_then_is_never_a_lost_signal()
    {
        var state = new MonitorAlarmState();
        state.Observe([new AlarmSample(150021, MonitorParameter.SystolicBp, T0, 120)], T0, WardSettings.Default, SpO2Scale.Scale1);
        Assert.That(state.Observe([], T0.AddMinutes(15), WardSettings.Default, SpO2Scale.Scale1), Is.Empty);
    }

    [Test]
    public void Of_two_respiratory_rate_sources_at_one_time_the_first_in_the_table_wins()
    {
        // Impedance RR (151562) says 14, capnography RR (151594) says 0: the table's order decides, not the lower value.
        var samples = Every(0, 40, 1, t => Rr(t, 14)).Concat(Every(0, 40, 1, t => Rr(t, 0, code: 151594)));
        Assert.That(new MonitorAlarmState().Observe(samples, T0.AddSeconds(40), WardSettings.Default, SpO2Scale.Scale1), Is.Empty);
    }

    [Test]
    public void A_late_sample_is_history_and_moves_nothing()
    {
        var state = new MonitorAlarmState();
        Feed(state, Every(0, 10, 1, t => Spo2(t, 97)));
        Assert.That(Feed(state, Every(0, 10, 1, t => Spo2(t, 80))), Is.Empty);
    }

    [Test]
    public void Replaying_the_same_samples_gives_the_same_standing_alarms()
    {
        var samples = Every(0, 20, 1, t => Spo2(t, 84)).ToList();
        var live = new MonitorAlarmState();
        Feed(live, samples);
        var rebuilt = new MonitorAlarmState();
        rebuilt.Observe(samples, samples[^1].At, WardSettings.Default, SpO2Scale.Scale1);
        Assert.That(rebuilt.Standing(WardSettings.Default, SpO2Scale.Scale1).Select(c => (c.Code, c.Move, c.Snapshot.Since, c.Snapshot.Lowest)),
            Is.EqualTo(live.Standing(WardSettings.Default, SpO2Scale.Scale1).Select(c => (c.Code, c.Move, c.Snapshot.Since, c.Snapshot.Lowest))));
        Assert.That(rebuilt.Standing(WardSettings.Default, SpO2Scale.Scale1).Single().Move, Is.EqualTo(AlarmMove.Fired));
    }

    [Test]
    public void The_reason_gives_values_duration_local_times_and_the_other_latest_values()
    {
        var state = new MonitorAlarmState();
        var samples = Every(0, 130, 1, t => Spo2(t, t > 60 ? 81 : 87)).Concat(Every(0, 130, 1, t => Rr(t, 6))).OrderBy(s => s.At);
        var changes = Feed(state, samples);
        var worse = changes.Last(c => c.Code == AlertCodes.MonitorHypoxaemia);
        Assert.That(MonitorFindings.Of(worse, MonitorDoseContext.None, London).Reason,
            Does.StartWith("Monitor: SpO2 ≤ 88 % for 1 min 1 s since 03:12, lowest 81 %; RR 6."));
    }

    [Test]
    public void A_lost_signal_is_high_during_a_naloxone_watch_and_names_it()
    {
        var state = new MonitorAlarmState();
        Feed(state, [Spo2(0, 97)]);
        var lost = state.Observe([], T0.AddSeconds(60), WardSettings.Default, SpO2Scale.Scale1).Single();
        var naloxone = new DoseGiven(Guid.NewGuid(), "naloxone", 0.4m, DoseUnit.Mg, "IV", T0.AddMinutes(-30));
        var watch = MonitorDoseContext.Of([naloxone], [], T0, WardSettings.Default, London);
        var finding = MonitorFindings.Of(lost, watch, London);
        Assert.That((finding.Priority, finding.DuringWatch), Is.EqualTo((AlertPriority.High, true)));
        Assert.That(finding.Reason, Does.Contain("re-sedation watch after naloxone at 02:42"));
        Assert.That(MonitorFindings.Of(lost, MonitorDoseContext.None, London).Priority, Is.EqualTo(AlertPriority.Medium));
    }

    [Test]
    public void Offline_is_medium_and_high_during_a_watch()
    {
        var finding = MonitorFindings.Offline(T0, T0.AddSeconds(130), MonitorDoseContext.None, London);
        Assert.That((finding.Priority, finding.Reason), Is.EqualTo((AlertPriority.Medium, "Monitor offline: no message since 03:12 (2 min 10 s): check the monitor, its network and the patient.")));
    }

    [TestCase("monitorSpo2Low", 69)]
    [TestCase("monitorSpo2Low", 96)]
    [TestCase("monitorSpo2Seconds", 121)]
    [TestCase("monitorRrLow", 0)]
    [TestCase("monitorApnoeaSeconds", 121)]
    [TestCase("monitorEtco2Low", 0)]
    [TestCase("monitorHrHigh", 221)]
    [TestCase("monitorOfflineSeconds", 601)]
    [TestCase("monitorAutoResolveMinutes", 0)]
    public void Settings_that_would_silence_a_rule_are_refused(string field, int value)
    {
        var settings = field switch
        {
            "monitorSpo2Low" => WardSettings.Default with { MonitorSpo2Low = value },
            "monitorSpo2Seconds" => WardSettings.Default with { MonitorSpo2Seconds = value },
            "monitorRrLow" => WardSettings.Default with { MonitorRrLow = value },
            "monitorApnoeaSeconds" => WardSettings.Default with { MonitorApnoeaSeconds = value },
            "monitorEtco2Low" => WardSettings.Default with { MonitorEtco2Low = value },
            "monitorHrHigh" => WardSettings.Default with { MonitorHrHigh = value },
            "monitorOfflineSeconds" => WardSettings.Default with { MonitorOfflineSeconds = value },
            _ => WardSettings.Default with { MonitorAutoResolveMinutes = value },
        };
        Assert.That(settings.Validate().Keys, Is.EqualTo(new[] { field }));
    }

    [Test]
    public void The_defaults_are_valid() => Assert.That(WardSettings.Default.Validate(), Is.Empty);
}
