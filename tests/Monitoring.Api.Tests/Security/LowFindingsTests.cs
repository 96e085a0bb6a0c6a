using System.Net;
using System.Net.Http.Json;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Security;

/// <summary>The security review's low findings, each answered.</summary>
public sealed class LowFindingsTests(Store store) : ApiTest(store)
{
    [Test]
    public async Task A_username_with_a_line_break_is_refused_and_never_stored()
    {
        var forged = $"{Unique("x")}\nsign-in.succeeded admin";
        using var anonymous = Service.CreateClient();

        using var response = await anonymous.PostAsJsonAsync("/api/auth/token", new { username = forged, password = "whatever-password-1" });

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "username");
        Assert.That(await Db.CountAsync("audit_log", "username LIKE @Start", new { Start = forged[..8] + "%" }), Is.Zero);
    }

    [TestCase("Ann\u200BSmith")]
    [TestCase("Ann\u2028Smith")]
    [TestCase("\uFEFFAnn Smith")]
    public async Task A_patient_name_with_an_invisible_or_line_separator_character_is_refused(string name)
    {
        var ward = await NewWardAsync();
        using var nurse = await SignInAsync("nurse", ward.Code);
        var mrn = Unique("MRN");

        using var response = await nurse.PostAsJsonAsync("/api/admissions", new { mrn, displayName = name, dateOfBirth = "1980-01-01", ward = ward.Code, bed = ward.Beds[0], substances = new[] { "opioid" } });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await response.Content.ReadAsStringAsync());
        Assert.That(await Db.CountAsync("admissions", "mrn = @Mrn", new { Mrn = mrn }), Is.Zero);
    }

    [Test]
    public async Task A_wrong_current_password_on_change_is_audited()
    {
        var username = Unique("changer");
        using (var admin = await AdminAsync())
        {
            using var created = await admin.PostAsJsonAsync("/api/users", new { username, password = "changer-password-1", role = "manager", wards = Array.Empty<string>() });
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }
        using var user = Service.CreateClient(await TokenAsync(username, "changer-password-1"));

        using var response = await user.PostAsJsonAsync("/api/users/me/password", new { currentPassword = "not-my-password-9", newPassword = "another-phrase-77" });

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "currentPassword");
        Assert.That(await Db.CountAsync("audit_log", "action = 'user.password-change-refused' AND username = @Username AND outcome = 'refused'", new { Username = username }), Is.EqualTo(1));
    }
}
