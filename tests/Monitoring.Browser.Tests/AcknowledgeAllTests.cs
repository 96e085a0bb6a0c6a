using Microsoft.Playwright;

namespace Monitoring.Browser.Tests;

/// <summary>"Acknowledge all (n)" on the board: one press for every alert of a patient, with the note given once.</summary>
[NonParallelizable]
public sealed class AcknowledgeAllTests : BrowserSession
{
    [Test]
    public async Task A_patient_with_several_alerts_has_acknowledge_all_which_leaves_other_patients_alone()
    {
        var first = await AdmitAsync(0, "Ash Many");
        var second = await AdmitAsync(1, "Bo Other");
        await ChartVitalsAsync(first, rr: 6, poss: "3");
        await ChartVitalsAsync(second, rr: 7, poss: "3");
        var physician = await SignInAsync("physician", Tablet);
        await OpenAsync(physician, $"#/ward/{Ward}");
        var firstActive = physician.Locator($"li.alert[data-bed='{Beds[0]}'][data-status='active']");
        var secondActive = physician.Locator($"li.alert[data-bed='{Beds[1]}'][data-status='active']");
        await Assertions.Expect(firstActive).ToHaveCountAsync(3, new() { Timeout = 10_000 });
        var secondCount = await secondActive.CountAsync();

        var row = physician.Locator($"li.patient[data-bed='{Beds[0]}'] .patient-actions");
        var button = row.GetByRole(AriaRole.Button, new() { Name = "Acknowledge all (3)" });
        await Assertions.Expect(button).ToBeVisibleAsync(FewSeconds);
        await AssertTouchTargetsAsync(physician, "#alert-list");
        await row.GetByRole(AriaRole.Textbox).FillAsync("Seen together at the bedside");
        await button.ClickAsync();

        await Assertions.Expect(firstActive).ToHaveCountAsync(0, new() { Timeout = 10_000 });
        await Assertions.Expect(row).ToHaveCountAsync(0);
        var acknowledged = physician.Locator($"li.alert[data-bed='{Beds[0]}'][data-status='acknowledged']");
        await Assertions.Expect(acknowledged).ToHaveCountAsync(3);
        for (var i = 0; i < 3; i++)
        {
            await Assertions.Expect(acknowledged.Nth(i)).ToContainTextAsync("Acknowledged by physician");
            await Assertions.Expect(acknowledged.Nth(i)).ToContainTextAsync("Seen together at the bedside");
        }
        Assert.That(await secondActive.CountAsync(), Is.EqualTo(secondCount), "the other patient's alerts are untouched");
    }

    // A bed of its own: the ward is shared by the tests of this class.
    [Test]
    public async Task A_patient_with_one_alert_to_acknowledge_has_no_acknowledge_all()
    {
        var admission = await AdmitAsync(2, "Cy Single");
        await ChartVitalsAsync(admission, rr: 6, poss: "3");
        var nurse = await SignInAsync("nurse", Tablet);
        await OpenAsync(nurse, $"#/ward/{Ward}");
        var active = nurse.Locator($"li.alert[data-bed='{Beds[2]}'][data-status='active']");
        await Assertions.Expect(active).ToHaveCountAsync(3, new() { Timeout = 10_000 });
        var allButton = nurse.Locator($"li.patient[data-bed='{Beds[2]}'] .patient-actions button");

        // Acknowledged one by one, the count follows, and at one left the row goes.
        await active.First.GetByRole(AriaRole.Button, new() { Name = "Acknowledge", Exact = true }).ClickAsync();
        await Assertions.Expect(allButton).ToHaveTextAsync("Acknowledge all (2)", new() { Timeout = 10_000 });
        await active.First.GetByRole(AriaRole.Button, new() { Name = "Acknowledge", Exact = true }).ClickAsync();
        await Assertions.Expect(active).ToHaveCountAsync(1, new() { Timeout = 10_000 });
        await Assertions.Expect(allButton).ToHaveCountAsync(0);
    }
}
