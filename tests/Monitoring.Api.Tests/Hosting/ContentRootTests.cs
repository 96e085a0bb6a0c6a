using System.Net;
using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Hosting;

/// <summary>
/// The service is started from its data folder, as an operator's shell or a unit file might: it still
/// reads its own appsettings.json and serves the dashboard.
/// </summary>
public sealed class ContentRootTests
{
    [Test]
    public async Task Started_from_another_folder_it_uses_its_own_folder_and_serves_the_dashboard()
    {
        await using var service = await ServiceProcess.StartAsync(Store.Sqlite);
        using var client = service.CreateClient();

        using var page = await client.GetAsync(new Uri("/", UriKind.Relative));
        using var library = await client.GetAsync(new Uri("/lib/signalr.min.js", UriKind.Relative));

        var applicationFolder = Path.GetDirectoryName(RepositoryPaths.ApiAssembly)!;
        Assert.Multiple(async () =>
        {
            Assert.That(service.WorkingDirectory, Is.Not.EqualTo(applicationFolder));
            Assert.That(service.Output, Does.Contain($"Content root path: {applicationFolder}"));
            Assert.That(File.Exists(Path.Combine(applicationFolder, "appsettings.json")), Is.True);
            Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await page.Content.ReadAsStringAsync(), Does.Contain("<title>Ward monitoring</title>"));
            Assert.That(library.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
    }
}
