using Monitoring.Api.Tests.Infrastructure;

namespace Monitoring.Api.Tests.Security;

public sealed class DataFileModeTests(Store store) : ApiTest(store)
{
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Test]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Database_its_log_files_and_the_signing_key_are_readable_by_the_service_alone()
    {
        // A write makes sure the write-ahead log and shared-memory files exist.
        await NewWardAsync(beds: 1);

        var files = Directory.GetFiles(Service.DataPath);
        var expected = Store == Store.Sqlite
            ? new[] { "monitoring.db", "monitoring.db-wal", "monitoring.db-shm", "jwt-signing.key" }
            : ["jwt-signing.key"];
        Assert.That(files.Select(Path.GetFileName), Is.SupersetOf(expected));
        Assert.Multiple(() =>
        {
            Assert.That(File.GetUnixFileMode(Service.DataPath), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute), "data folder");
            foreach (var file in files)
            {
                Assert.That(File.GetUnixFileMode(file), Is.EqualTo(OwnerOnlyFile), Path.GetFileName(file));
            }
        });
    }
}
