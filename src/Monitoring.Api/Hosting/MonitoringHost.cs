namespace Monitoring.Api.Hosting;

/// <summary>Creates the host so that the service behaves the same whatever folder it is started from.</summary>
public static class MonitoringHost
{
    /// <summary>
    /// Content root is the application's folder (appsettings.json, wwwroot) unless <c>--contentRoot</c>
    /// or <c>ASPNETCORE_CONTENTROOT</c> names another one.
    /// </summary>
    public static WebApplicationBuilder CreateBuilder(string[] args)
    {
        var hostSettings = new ConfigurationBuilder()
            .AddEnvironmentVariables("DOTNET_")
            .AddEnvironmentVariables("ASPNETCORE_")
            .AddCommandLine(args)
            .Build();
        var named = !string.IsNullOrWhiteSpace(hostSettings[HostDefaults.ContentRootKey]);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = named ? null : AppContext.BaseDirectory,
        });
        // Under systemd (Type=notify) the service reports ready once it listens, and logs without colour codes.
        builder.Host.UseSystemd();
        if (!builder.Environment.IsDevelopment())
        {
            // Started from its build output the dashboard lives in the project's wwwroot, found through the
            // build's static web assets manifest; a published folder has no manifest and its own wwwroot.
            builder.WebHost.UseStaticWebAssets();
        }
        return builder;
    }
}
