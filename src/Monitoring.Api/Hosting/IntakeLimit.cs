using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Monitoring.Api.Data;

namespace Monitoring.Api.Hosting;

/// <summary>
/// Bounded intake: at most <c>Monitoring:Intake:MaxConcurrentWrites</c> writes (and sign-ins) run at once and
/// at most <c>Monitoring:Intake:QueueLength</c> wait, each no longer than the write timeout. Anything past that
/// is answered 503 with <c>Retry-After</c> at once: under twice the capacity the service sheds load instead
/// of queueing it without limit (latency and memory growing until nothing is answered in time).
/// </summary>
public sealed class IntakeLimit(IConfiguration configuration, DatabaseOptions database) : IDisposable
{
    public const string MaxConcurrentKey = "Monitoring:Intake:MaxConcurrentWrites";
    public const string QueueLengthKey = "Monitoring:Intake:QueueLength";
    public const string ProblemType = "urn:monitoring:problem:overloaded";

    private readonly ConcurrencyLimiter _limiter = new(new ConcurrencyLimiterOptions
    {
        PermitLimit = Math.Max(1, configuration.GetValue(MaxConcurrentKey, 64)),
        QueueLimit = Math.Max(0, configuration.GetValue(QueueLengthKey, 256)),
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    });

    public async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        if (!IsIntake(context.Request))
        {
            await next();
            return;
        }
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        wait.CancelAfter(database.WriteTimeout);
        RateLimitLease lease;
        try
        {
            lease = await _limiter.AcquireAsync(1, wait.Token);
        }
        catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
        {
            lease = FailedLease.Instance;
        }
        using (lease)
        {
            if (!lease.IsAcquired)
            {
                await RefuseAsync(context);
                return;
            }
            await next();
        }
    }

    // Writes and sign-ins: what costs the store or the CPU. Reads, health and the hub's long-lived connections pass.
    private static bool IsIntake(HttpRequest request) =>
        !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method) && !HttpMethods.IsOptions(request.Method)
        && (request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) || request.Path.StartsWithSegments("/fhir", StringComparison.OrdinalIgnoreCase));

    private static async Task RefuseAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = "1";
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Type = ProblemType,
                Title = "The service is at capacity.",
                Detail = "Nothing was stored. Try again after the time in Retry-After.",
            },
        });
    }

    public void Dispose() => _limiter.Dispose();

    private sealed class FailedLease : RateLimitLease
    {
        public static readonly FailedLease Instance = new();

        public override bool IsAcquired => false;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}

public static class IntakeLimitSetup
{
    public static IServiceCollection AddIntakeLimit(this IServiceCollection services) => services.AddSingleton<IntakeLimit>();

    public static IApplicationBuilder UseIntakeLimit(this IApplicationBuilder app)
    {
        var limit = app.ApplicationServices.GetRequiredService<IntakeLimit>();
        return app.Use((context, next) => limit.InvokeAsync(context, next));
    }
}
