using FluentValidation;
using Mediator;
using Monitoring.Api.Charting.Admissions;
using Monitoring.Api.Charting.Alerts;
using Monitoring.Api.Charting.Observations;
using Monitoring.Api.Charting.Wards;
using Monitoring.Api.Errors;
using Monitoring.Clinical;

namespace Monitoring.Api.Features.Assessments;

/// <summary>
/// What saving an assessment on a scale would score and which alerts it would raise, without storing anything:
/// the scale form shows it before Save, computed by the same validator, scoring and rules (earlier assessments
/// and doses included) as the save itself.
/// </summary>
public static class PreviewAssessment
{
    public sealed record Query(RecordAssessment.Command Assessment) : IQuery<Response>;

    public sealed record Response(int Total, string Band, IReadOnlyList<PreviewAlert> Alerts);

    public sealed class Handler(AdmissionAccess access, WardLookup wards, ChartingEffects effects, IValidator<RecordAssessment.Command> validator)
        : IQueryHandler<Query, Response>
    {
        public async ValueTask<Response> Handle(Query query, CancellationToken cancellationToken)
        {
            var command = query.Assessment;
            var scale = command.Scale;
            var admission = await access.GetOpenAsync(command.AdmissionId, cancellationToken);
            var checkedAssessment = await validator.ValidateAsync(command, cancellationToken);
            if (!checkedAssessment.IsValid)
            {
                throw new RequestValidationException(checkedAssessment.Errors
                    .GroupBy(error => char.ToLowerInvariant(error.PropertyName[0]) + error.PropertyName[1..])
                    .ToDictionary(group => group.Key, group => group.Select(error => error.ErrorMessage).Distinct().ToArray()));
            }
            var observedAt = command.ObservedAt!.Value.ToUniversalTime();
            ObservationTime.EnsureWithinAdmission(observedAt, admission);
            var score = scale.Score(RecordAssessment.ReadItems(scale, command).Scores);
            var settings = await wards.SettingsAsync(admission.WardCode, cancellationToken);
            // No observation exists yet: an id no stored row has excludes nothing from the history.
            var findings = await effects.AssessmentFindingsAsync(admission, Guid.Empty, scale, new Assessment(observedAt, score.Total), settings, cancellationToken);
            return new Response(score.Total, score.Band.Name,
                [.. findings.Select(PreviewAlert.Of)]);
        }
    }
}
