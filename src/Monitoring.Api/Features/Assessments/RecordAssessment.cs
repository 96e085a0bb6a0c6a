using System.Text.Json;
using FluentValidation;
using FluentValidation.Results;
using Mediator;
using Monitoring.Api.Audit;
using Monitoring.Api.Charting.Admissions;
using Monitoring.Api.Charting.Alerts;
using Monitoring.Api.Charting.Observations;
using Monitoring.Api.Data;
using Monitoring.Api.Pipeline;
using Monitoring.Api.Security;
using Monitoring.Clinical;

namespace Monitoring.Api.Features.Assessments;

/// <summary>Charts one assessment on any scale of <see cref="AssessmentScales"/>, scored and judged by its description.</summary>
public static class RecordAssessment
{
    /// <summary>
    /// Items are read as raw JSON so that a fractional or text score is named by its field. A measurement an
    /// item may be scored from (COWS <c>restingPulseBpm</c>) may come inside items or beside them.
    /// </summary>
    public sealed record Body(DateTimeOffset? ObservedAt, Dictionary<string, JsonElement>? Items, string? Note)
    {
        [System.Text.Json.Serialization.JsonExtensionData]
        public Dictionary<string, JsonElement>? Beside { get; init; }
    }

    public sealed record Command(Guid AdmissionId, string Kind, DateTimeOffset? ObservedAt, Dictionary<string, JsonElement>? Items, Dictionary<string, JsonElement>? Beside, string? Note)
        : IWriteCommand<Response>
    {
        public string? IdempotencyKey { get; init; }

        [System.Text.Json.Serialization.JsonIgnore]
        public AssessmentScale Scale => AssessmentScales.Get(Kind);
    }

    public sealed record Response(Guid Id, Guid AdmissionId, string Kind, DateTimeOffset ObservedAt, int Total, string Severity, IReadOnlyDictionary<string, int> Items, IReadOnlyList<AlertView> Alerts);

    /// <summary>The scores and measurements of a valid body; null items or measurements where the body lacks them.</summary>
    public sealed record Read(Dictionary<string, int> Scores, Dictionary<string, int> Measurements);

    public static Read ReadItems(AssessmentScale scale, Command command, Action<string, string>? fail = null)
    {
        fail ??= (_, _) => { };
        var scores = new Dictionary<string, int>();
        var measurements = new Dictionary<string, int>();
        var items = command.Items ?? [];
        foreach (var item in scale.Items)
        {
            var field = "items." + item.Name;
            int? score = null;
            if (items.TryGetValue(item.Name, out var given) && given.ValueKind != JsonValueKind.Null)
            {
                score = WholeNumber(given, field, fail);
                if (score is null)
                {
                    continue;
                }
                if (!item.Allows(score.Value))
                {
                    fail(field, $"{score} is not a score of this item. Allowed: {item.AllowedText}.");
                    continue;
                }
            }
            if (item.Measurement is { } measurement)
            {
                var measurementField = "items." + measurement.Name;
                var raw = items.TryGetValue(measurement.Name, out var inside) && inside.ValueKind != JsonValueKind.Null ? inside
                    : command.Beside is { } beside && beside.TryGetValue(measurement.Name, out var outside) && outside.ValueKind != JsonValueKind.Null ? outside
                    : (JsonElement?)null;
                if (raw is { } value)
                {
                    if (WholeNumber(value, measurementField, fail) is not { } measured)
                    {
                        continue;
                    }
                    if (measured < measurement.Minimum || measured > measurement.Maximum)
                    {
                        fail(measurementField, $"{measurement.Label} must be between {measurement.Minimum} and {measurement.Maximum} {measurement.Unit}; {measured} was entered.");
                        continue;
                    }
                    measurements[measurement.Name] = measured;
                    var derived = measurement.Score(measured);
                    if (score is { } stated && stated != derived)
                    {
                        fail(field, $"{measurement.Label} of {measured} {measurement.Unit} scores {derived}, not {stated}.");
                        continue;
                    }
                    score = derived;
                }
            }
            if (score is null)
            {
                fail(field, item.Measurement is { } m ? $"Score this item, or give {m.Name}." : "Score this item.");
                continue;
            }
            scores[item.Name] = score.Value;
        }
        foreach (var unknown in items.Keys.Where(name => scale.Items.All(i => i.Name != name && i.Measurement?.Name != name)))
        {
            fail("items." + unknown, $"{scale.Name} has no item {unknown}.");
        }
        return new Read(scores, measurements);
    }

    private static int? WholeNumber(JsonElement value, string field, Action<string, string> fail)
    {
        if (value.ValueKind != JsonValueKind.Number)
        {
            fail(field, $"A score is a whole number; {value.GetRawText()} is not a number.");
            return null;
        }
        if (!value.TryGetInt32(out var number))
        {
            fail(field, $"A score is a whole number; {value.GetRawText()} is not.");
            return null;
        }
        return number;
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(TimeProvider clock)
        {
            RuleFor(c => c.ObservedAt).ObservedTime(clock, "the assessment");
            RuleFor(c => c.Items).NotNull().WithMessage(c => $"Score all {c.Scale.Items.Count} {c.Scale.Name} items.");
            RuleFor(c => c.Note).MaximumLength(2000);
            RuleFor(c => c).Custom((command, context) =>
            {
                if (command.Items is not null)
                {
                    ReadItems(command.Scale, command, (field, message) => context.AddFailure(new ValidationFailure(field, message)));
                }
            });
        }
    }

    private const string InsertAssessment = """
        INSERT INTO assessments (observation_id, kind, total, band, items, measurements)
        VALUES (@ObservationId, @Kind, @Total, @Band, @Items, @Measurements)
        """;

    public sealed class Handler(DbSession session, AdmissionAccess access, CurrentUser user, AuditTrail audit, ChartingEffects effects, TimeProvider clock)
        : ICommandHandler<Command, Response>
    {
        public async ValueTask<Response> Handle(Command command, CancellationToken cancellationToken)
        {
            var scale = command.Scale;
            var admission = await access.GetOpenForChartingAsync(command.AdmissionId, scale.Kind, cancellationToken);
            var read = ReadItems(scale, command);
            var score = scale.Score(read.Scores);
            var now = clock.GetUtcNow();
            var (observedAt, reportedObservedAt) = ObservationTime.AtMostNow(command.ObservedAt!.Value.ToUniversalTime(), now);
            ObservationTime.EnsureWithinAdmission(observedAt, admission);

            var id = Guid.CreateVersion7();
            await ObservationRows.InsertAsync(session, id, command.AdmissionId, scale.Kind, observedAt, now, user.Id, command.Note, cancellationToken, reportedObservedAt);
            await session.ExecuteAsync(InsertAssessment, new
            {
                ObservationId = id,
                scale.Kind,
                score.Total,
                Band = score.Band.Name,
                Items = JsonSerializer.Serialize(read.Scores),
                Measurements = read.Measurements.Count == 0 ? null : JsonSerializer.Serialize(read.Measurements),
            }, cancellationToken);
            var alerts = await effects.AfterAssessmentAsync(admission, id, scale, new Assessment(observedAt, score.Total), score.Band.Name, cancellationToken);
            await audit.RecordAsync($"{scale.Kind}.recorded", command.AdmissionId, $"observation/{id}", cancellationToken);
            return new Response(id, command.AdmissionId, scale.Kind, observedAt, score.Total, score.Band.Name, read.Scores, alerts);
        }
    }
}
