using System.Text.Json;
using FluentValidation;
using Mediator;
using Monitoring.Api.Audit;
using Monitoring.Api.Data;
using Monitoring.Api.Features.Admissions;
using Monitoring.Api.Features.Alerts;
using Monitoring.Api.Pipeline;
using Monitoring.Api.Security;
using Monitoring.Clinical;

namespace Monitoring.Api.Features.Charting;

public static class RecordCows
{
    public sealed record Items(
        int? RestingPulseRate,
        int? RestingPulseBpm,
        int? Sweating,
        int? Restlessness,
        int? PupilSize,
        int? BoneJointAches,
        int? RunnyNoseTearing,
        int? GiUpset,
        int? Tremor,
        int? Yawning,
        int? AnxietyIrritability,
        int? GoosefleshSkin)
    {
        public int? Score(CowsItem item) => item switch
        {
            CowsItem.RestingPulseRate => RestingPulseRate ?? (RestingPulseBpm is { } bpm and > 0 ? Cows.RestingPulseScore(bpm) : null),
            CowsItem.Sweating => Sweating,
            CowsItem.Restlessness => Restlessness,
            CowsItem.PupilSize => PupilSize,
            CowsItem.BoneJointAches => BoneJointAches,
            CowsItem.RunnyNoseTearing => RunnyNoseTearing,
            CowsItem.GiUpset => GiUpset,
            CowsItem.Tremor => Tremor,
            CowsItem.Yawning => Yawning,
            CowsItem.AnxietyIrritability => AnxietyIrritability,
            CowsItem.GoosefleshSkin => GoosefleshSkin,
            _ => throw new ArgumentOutOfRangeException(nameof(item)),
        };
    }

    public sealed record Command(Guid AdmissionId, DateTimeOffset? ObservedAt, Items? Items, int? RestingPulseBpm, string? Note) : IWriteCommand<Response>
    {
        public string? IdempotencyKey { get; init; }

        /// <summary>The pulse in beats per minute may come inside items or beside them.</summary>
        public Items? Resolved => Items is null ? null : Items with { RestingPulseBpm = Items.RestingPulseBpm ?? RestingPulseBpm };
    }

    public sealed record Response(Guid Id, Guid AdmissionId, DateTimeOffset ObservedAt, int Total, CowsSeverity Severity, IReadOnlyDictionary<string, int> Items, IReadOnlyList<AlertView> Alerts);

    public const int MinimumPulseBpm = 20;
    public const int MaximumPulseBpm = 300;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(TimeProvider clock)
        {
            RuleFor(c => c.ObservedAt).ObservedTime(clock, "the assessment");
            RuleFor(c => c.Items).NotNull().WithMessage("Score all eleven COWS items.");
            RuleFor(c => c.Note).MaximumLength(2000);
            RuleFor(c => c).Custom((command, context) =>
            {
                if (command.Resolved is not { } items)
                {
                    return;
                }
                var bpm = items.RestingPulseBpm;
                if (bpm is < MinimumPulseBpm or > MaximumPulseBpm)
                {
                    context.AddFailure("items.restingPulseBpm", $"Resting pulse must be between {MinimumPulseBpm} and {MaximumPulseBpm} /min; {bpm} was entered.");
                    return;
                }
                if (items.RestingPulseRate is { } rate && bpm is { } measured && Cows.IsAllowed(CowsItem.RestingPulseRate, rate)
                    && Cows.RestingPulseScore(measured) != rate)
                {
                    context.AddFailure("items.restingPulseRate", $"A pulse of {measured} /min scores {Cows.RestingPulseScore(measured)}, not {rate}.");
                }
                foreach (var item in Cows.Items)
                {
                    var field = "items." + ObservationMapping.Name(item);
                    var score = items.Score(item);
                    if (score is null)
                    {
                        context.AddFailure(field, item == CowsItem.RestingPulseRate
                            ? "Score the resting pulse rate, or give restingPulseBpm."
                            : "Score this item.");
                    }
                    else if (!Cows.IsAllowed(item, score.Value))
                    {
                        context.AddFailure(field, $"{score} is not a score of this item. Allowed: "
                            + string.Join("; ", Cows.AllowedScores(item).Select(s => $"{s} {Cows.Describe(item, s)}")) + ".");
                    }
                }
            });
        }
    }

    private const string InsertCows = """
        INSERT INTO cows_assessments (observation_id, total, severity, items, resting_pulse_bpm)
        VALUES (@ObservationId, @Total, @Severity, @Items, @RestingPulseBpm)
        """;

    public sealed class Handler(DbSession session, AdmissionAccess access, CurrentUser user, AuditTrail audit, ChartingEffects effects, TimeProvider clock)
        : ICommandHandler<Command, Response>
    {
        public async ValueTask<Response> Handle(Command command, CancellationToken cancellationToken)
        {
            var admission = await access.GetOpenAsync(command.AdmissionId, cancellationToken);
            var items = command.Resolved!;
            var scores = Cows.Items.ToDictionary(item => item, item => items.Score(item)!.Value);
            var score = Cows.Score(scores);
            var wireItems = scores.ToDictionary(pair => ObservationMapping.Name(pair.Key), pair => pair.Value);
            var observedAt = command.ObservedAt!.Value.ToUniversalTime();
            ObservationTime.EnsureWithinAdmission(observedAt, admission);

            var id = Guid.CreateVersion7();
            await ObservationRows.InsertAsync(session, id, command.AdmissionId, "cows", observedAt, clock.GetUtcNow(), user.Id, command.Note, cancellationToken);
            await session.ExecuteAsync(InsertCows, new
            {
                ObservationId = id,
                score.Total,
                Severity = WireNames.Of(score.Severity),
                Items = JsonSerializer.Serialize(wireItems),
                items.RestingPulseBpm,
            }, cancellationToken);
            var alerts = await effects.AfterCowsAsync(admission, id, new CowsObservation(observedAt, score.Total), score.Severity, cancellationToken);
            await audit.RecordAsync("cows.recorded", command.AdmissionId, $"observation/{id}", cancellationToken);
            return new Response(id, command.AdmissionId, observedAt, score.Total, score.Severity, wireItems, alerts);
        }
    }
}
