using FluentValidation;
using Monitoring.Api.Charting.Admissions;
using Monitoring.Api.Errors;

namespace Monitoring.Api.Charting.Observations;

public static class ObservationTime
{
    /// <summary>Bedside devices and tablets drift; beyond this an observation time is in the future.</summary>
    public static readonly TimeSpan AllowedSkew = TimeSpan.FromMinutes(5);

    /// <summary>A late entry is charted within a shift or two; anything older is a typing error (a wrong day or year).</summary>
    public static readonly TimeSpan MaximumAge = TimeSpan.FromHours(24);

    /// <summary>Required, not in the future beyond the skew, not more than 24 h before now.</summary>
    public static IRuleBuilderOptions<T, DateTimeOffset?> ObservedTime<T>(this IRuleBuilder<T, DateTimeOffset?> rule, TimeProvider clock, string what) => rule
        .NotNull().WithMessage($"Give the time {what} was observed.")
        .Must(at => at is null || at <= clock.GetUtcNow() + AllowedSkew).WithMessage($"The time of {what} is in the future.")
        .Must(at => at is null || at >= clock.GetUtcNow() - MaximumAge).WithMessage($"The time of {what} is more than {MaximumAge.TotalHours:0} h ago: check the date.");

    /// <summary>
    /// A time ahead of the server's (a tablet running fast, within the skew) is stored as now, so that a fast clock
    /// cannot make its set the "latest" over a true one charted next; the time sent is kept beside it.
    /// </summary>
    public static (DateTimeOffset ObservedAt, DateTimeOffset? Reported) AtMostNow(DateTimeOffset sent, DateTimeOffset now) =>
        sent > now ? (now, sent) : (sent, null);

    /// <summary>Nothing can be observed on an admission before it began (beyond the skew).</summary>
    public static void EnsureWithinAdmission(DateTimeOffset observedAt, AdmissionFacts admission)
    {
        if (observedAt < admission.AdmittedAt - AllowedSkew)
        {
            throw RequestValidationException.For("observedAt", $"The observation time is before the admission ({admission.AdmittedAt:u}).");
        }
    }
}
