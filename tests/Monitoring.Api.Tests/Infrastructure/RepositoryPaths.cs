namespace Monitoring.Api.Tests.Infrastructure;

/// <summary>Finds the repository and the service's build output that matches this test build.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string ApiProject => Path.Combine(Root, "src", "Monitoring.Api");

    /// <summary>The service as built in the same configuration (Debug or Release) as these tests.</summary>
    public static string ApiAssembly
    {
        get
        {
            var testOutput = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
            var framework = Path.GetFileName(testOutput);
            var configuration = Path.GetFileName(Path.GetDirectoryName(testOutput)!);
            var path = Path.Combine(ApiProject, "bin", configuration, framework, "Monitoring.Api.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException($"Build the solution first: {path} is missing.");
        }
    }

    /// <summary>The SOWS-like scale the tests add by its description alone.</summary>
    public static string FixtureScale => Path.Combine(Root, "tests", "Monitoring.Api.Tests", "Charting", "sows-fixture.json");

    public static string SqlFolder(string provider) => Path.Combine(Root, "sql", provider);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Monitoring.sln")))
            {
                return directory.FullName;
            }
        }
        throw new DirectoryNotFoundException("Monitoring.sln not found above the test output.");
    }
}
