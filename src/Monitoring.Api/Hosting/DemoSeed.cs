using System.Security.Claims;
using Mediator;
using Microsoft.IdentityModel.JsonWebTokens;
using Monitoring.Api.Data;
using Monitoring.Api.Features.Admissions;
using Monitoring.Api.Features.Users;
using Monitoring.Api.Features.Wards;
using Monitoring.Api.Security;
using Monitoring.Clinical;

namespace Monitoring.Api.Hosting;

/// <summary>
/// <c>--demo</c>: ward 4B with 12 beds, one user per role, a day of charted history for 8 patients and
/// two stories of the last hours (<see cref="DemoStories"/>), charted through the same handlers as the API
/// so that scores, doses, checks and alerts are real.
/// </summary>
public static class DemoSeed
{
    public const string Switch = "--demo";
    public const string Ward = "4B";

    private static readonly string[] FirstNames = ["Alex", "Sam", "Jordan", "Robin", "Casey", "Morgan", "Jamie", "Taylor"];
    private static readonly string[] LastInitials = ["K.", "M.", "P.", "D.", "R.", "S.", "T.", "W."];

    public static async Task RunAsync(WebApplication app)
    {
        var clock = app.Services.GetRequiredService<TimeProvider>();
        var factory = app.Services.GetRequiredService<ConnectionFactory>();
        await using (var session = new DbSession(factory))
        {
            if (await session.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM wards WHERE code = @Ward", new { Ward }, CancellationToken.None) > 0)
            {
                Console.WriteLine($"Demo: ward {Ward} already exists; nothing seeded.");
                return;
            }
        }

        var adminId = await FindAdminAsync(factory);
        await SendAsAsync(app, adminId, FirstRunAdmin.Username, Roles.Admin, [], new CreateWard.Command(
            Ward, "Detoxification unit 4B", [.. Enumerable.Range(1, 12).Select(n => $"{Ward}-{n:00}")]));

        var users = new Dictionary<string, (Guid Id, string Password)>();
        foreach (var role in new[] { Roles.Nurse, Roles.Physician, Roles.Manager })
        {
            var password = FirstRunAdmin.GeneratePassword();
            var created = await SendAsAsync(app, adminId, FirstRunAdmin.Username, Roles.Admin, [],
                new CreateUser.Command($"{role}.demo", password, role, role == Roles.Manager ? [] : [Ward]));
            users[role] = (created.Id, password);
        }

        var nurse = users[Roles.Nurse].Id;
        var now = clock.GetUtcNow();
        for (var patient = 0; patient < 8; patient++)
        {
            var admission = await SendAsAsync(app, nurse, "nurse.demo", Roles.Nurse, [Ward], new Admit.Command(
                $"DEMO{1000 + patient}", $"{FirstNames[patient]} {LastInitials[patient]}",
                new DateOnly(1970 + (patient * 5), 1 + patient, 10 + patient), Ward, $"{Ward}-{patient + 1:00}",
                [.. DemoPatients.Substances(patient).Select(substance => new SubstanceUse(substance))], 1, false, now.AddHours(-23).AddMinutes(-30)));
            var scales = AssessmentScales.All.Where(scale => scale.IsScheduledFor(DemoPatients.Substances(patient), WardSettings.Default)).ToList();
            // History within the last day, after the admission: older charting would be refused as a typing error.
            foreach (var hoursAgo in new[] { 23, 20, 16, 12, 8, 4, 2, 1 })
            {
                var at = now.AddHours(-hoursAgo).AddMinutes(patient * 3);
                await SendAsAsync(app, nurse, "nurse.demo", Roles.Nurse, [Ward], DemoPatients.Vitals(admission.Id, patient, hoursAgo, at));
                foreach (var scale in scales.Where(_ => hoursAgo % 4 == 0 || patient is DemoPatients.SevereWithdrawal or DemoPatients.AlcoholWithdrawal))
                {
                    await SendAsAsync(app, nurse, "nurse.demo", Roles.Nurse, [Ward], DemoPatients.Assessment(admission.Id, scale, patient, hoursAgo, at));
                }
            }
        }

        var induction = await SendAsAsync(app, nurse, "nurse.demo", Roles.Nurse, [Ward], DemoStories.InductionAdmission(now));
        foreach (var command in DemoStories.Induction(induction.Id, now))
        {
            await SendAsAsync(app, nurse, "nurse.demo", Roles.Nurse, [Ward], command);
        }
        var rescue = await SendAsAsync(app, nurse, "nurse.demo", Roles.Nurse, [Ward], DemoStories.RescueAdmission(now));
        foreach (var command in DemoStories.Rescue(rescue.Id, now))
        {
            await SendAsAsync(app, nurse, "nurse.demo", Roles.Nurse, [Ward], command);
        }

        Console.WriteLine($"Demo: ward {Ward} with 12 beds and 10 patients. Sign in as (passwords shown once):");
        foreach (var (role, (_, password)) in users)
        {
            Console.WriteLine($"  {role}.demo / {password}");
        }
    }

    private static async Task<Guid> FindAdminAsync(ConnectionFactory factory)
    {
        await using var session = new DbSession(factory);
        return await session.QuerySingleOrDefaultAsync<Guid>(
            "SELECT id FROM users WHERE username = @Username", new { Username = FirstRunAdmin.Username }, CancellationToken.None);
    }

    // The demo acts as a signed-in user so that every seeded row passes the same validation, scoring and audit.
    private static async Task<TResponse> SendAsAsync<TResponse>(WebApplication app, Guid userId, string username, string role, string[] wards, ICommand<TResponse> command) =>
        (TResponse)(await SendAsAsync(app, userId, username, role, wards, (IBaseCommand)command))!;

    private static async Task<object?> SendAsAsync(WebApplication app, Guid userId, string username, string role, string[] wards, IBaseCommand command)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var accessor = scope.ServiceProvider.GetRequiredService<IHttpContextAccessor>();
        var claims = new List<Claim>
        {
            new(JwtRegisteredClaimNames.Sub, userId.ToString()),
            new(JwtRegisteredClaimNames.Name, username),
            new(TokenIssuer.RoleClaim, role),
        };
        claims.AddRange(wards.Select(ward => new Claim(TokenIssuer.WardClaim, ward)));
        accessor.HttpContext = new DefaultHttpContext
        {
            User = new ClaimsPrincipal(new ClaimsIdentity(claims, "demo", "name", TokenIssuer.RoleClaim)),
            RequestServices = scope.ServiceProvider,
        };
        try
        {
            return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(command);
        }
        finally
        {
            accessor.HttpContext = null;
        }
    }
}
