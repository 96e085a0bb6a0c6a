namespace Monitoring.Api.Security;

/// <summary>
/// Headers a hospital review expects on every answer: the dashboard may run only its own scripts and
/// talk only to this service, may not be framed, and API answers are never kept by caches.
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self' data:; "
        + "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            // OnStarting: the exception handler clears headers before writing a problem, so set them last.
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                headers.XFrameOptions = "DENY";
                headers.Remove("Server");
                if (IsApi(context.Request.Path))
                {
                    headers.CacheControl = "no-store";
                    headers.Pragma = "no-cache";
                }
                return Task.CompletedTask;
            });
            return next(context);
        });

    public static bool IsApi(PathString path) =>
        path.StartsWithSegments("/api") || path.StartsWithSegments(AuthenticationSetup.HubPathPrefix) || path.StartsWithSegments("/health");
}
