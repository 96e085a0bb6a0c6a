using FluentValidation;
using Mediator;
using Monitoring.Api.Audit;
using Monitoring.Api.Charting.Board;
using Monitoring.Api.Charting.Wards;
using Monitoring.Api.Data;
using Monitoring.Api.Pipeline;
using Monitoring.Api.Realtime;
using Monitoring.Api.Security;

namespace Monitoring.Api.Features.AudioPause;

/// <summary>
/// Pauses the alarm sound of every board of a ward for two minutes (IEC 60601-1-8 "audio paused"):
/// with a reason, audited, and pushed to the ward's boards, which show who paused it and why.
/// </summary>
public static class PauseAudio
{
    public static readonly TimeSpan Length = TimeSpan.FromMinutes(2);

    public sealed record Body(string? Reason);

    public sealed record Command(string Ward, string? Reason) : IWriteCommand<AudioPauseView>
    {
        public string? IdempotencyKey { get; init; }
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Reason).NotEmpty().WithMessage("Say why the alarm sound is paused.")
                .MaximumLength(200).WithMessage("A pause reason has at most 200 characters.");
        }
    }

    private const string Insert = """
        INSERT INTO audio_pauses (id, ward_code, paused_at, until, paused_by, reason)
        VALUES (@Id, @Ward, @PausedAt, @Until, @PausedBy, @Reason)
        """;

    public sealed class Handler(DbSession session, WardLookup wards, CurrentUser user, AuditTrail audit, Outbox outbox, TimeProvider clock)
        : ICommandHandler<Command, AudioPauseView>
    {
        public async ValueTask<AudioPauseView> Handle(Command command, CancellationToken cancellationToken)
        {
            await wards.EnsureExistsAsync(command.Ward, cancellationToken);
            user.EnsureCanSeeWard(command.Ward);
            var now = clock.GetUtcNow();
            var pause = new AudioPauseView(Guid.CreateVersion7(), command.Ward, now, now + Length, user.Username, command.Reason!.Trim());
            await session.ExecuteAsync(Insert, new { pause.Id, pause.Ward, pause.PausedAt, pause.Until, PausedBy = user.Id, pause.Reason }, cancellationToken);
            await audit.RecordAsync("ward.audio-paused", null, $"ward/{command.Ward}/audio-pause/{pause.Id}", cancellationToken);
            outbox.Enqueue(command.Ward, WardEventTypes.AudioPaused, null, null, null);
            return pause;
        }
    }
}
