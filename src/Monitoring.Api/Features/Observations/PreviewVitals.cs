using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Monitoring.Api.Charting.Admissions;
using Monitoring.Api.Charting.Alerts;
using Monitoring.Api.Charting.Observations;
using Monitoring.Api.Charting.Wards;
using Monitoring.Api.Errors;
using Monitoring.Api.Security;
using Monitoring.Clinical;

namespace Monitoring.Api.Features.Observations;

/// <summary>
/// What saving a set of vital signs would score and which alerts it would raise, without storing
/// anything: the bedside form shows it before Save, computed by the same validator, NEWS2 and rules
/// as the save itself, so the form never scores a value the service would refuse, and with the same
/// findings: the doses before the set (a sedating dose named, the naloxone watch) weigh in as they do on save.
/// </summary>
public static class PreviewVitals
{
    public sealed record Query(RecordVitals.Command Vitals) : IQuery<Response>;

    public sealed record Response(News2View News2, IReadOnlyList<PreviewAlert> Alerts);

    internal static IEndpointRouteBuilder MapVitalsPreview(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/admissions/{id:guid}/vitals/preview", PreviewAsync).WithTags("Charting").RequireAuthorization(Policies.Clinician);
        return app;
    }

    private static async Task<Ok<Response>> PreviewAsync(Guid id, RecordVitals.Command body, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new Query(body with { AdmissionId = id }), cancellationToken));

    public sealed class Handler(AdmissionAccess access, WardLookup wards, ChartingEffects effects, IValidator<RecordVitals.Command> validator) : IQueryHandler<Query, Response>
    {
        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken)
        {
            var vitals = query.Vitals;
            var admission = await access.GetOpenAsync(vitals.AdmissionId, cancellationToken);
            var checkedVitals = await validator.ValidateAsync(vitals, cancellationToken);
            if (!checkedVitals.IsValid)
            {
                throw new RequestValidationException(checkedVitals.Errors
                    .GroupBy(error => char.ToLowerInvariant(error.PropertyName[0]) + error.PropertyName[1..])
                    .ToDictionary(group => group.Key, group => group.Select(error => error.ErrorMessage).Distinct().ToArray()));
            }
            var observedAt = vitals.ObservedAt!.Value.ToUniversalTime();
            var age = Age.InYears(admission.DateOfBirth, DateOnly.FromDateTime(observedAt.UtcDateTime));
            var news2 = News2.Score(vitals.ToVitalSigns(), admission.Scale, age, admission.Pregnant);
            var sedation = Poss.TryParse(vitals.Sedation, out var level) ? level : (PossLevel?)null;
            var settings = await wards.SettingsAsync(admission.WardCode, cancellationToken);
            var findings = await effects.VitalsFindingsAsync(admission, observedAt, new VitalsObservation(vitals.ToVitalSigns(), sedation, news2, admission.Scale), settings, cancellationToken);
            return new Response(ObservationMapping.ToView(news2),
                [.. findings.Select(PreviewAlert.Of)]);
        }
    }
}
