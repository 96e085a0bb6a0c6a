using Monitoring.Api.Data;

namespace Monitoring.Api.Security;

/// <summary>
/// The data folder holds patient data and the token signing key: only the service's own account may
/// read it (folder 0700, files 0600). The SQLite provider creates its database file 0600 before opening it.
/// </summary>
public static class DataFolder
{
    public const UnixFileMode PrivateFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    public const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static void Protect(DatabaseOptions database)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        Directory.CreateDirectory(database.DataPath);
        File.SetUnixFileMode(database.DataPath, PrivateFolder);
        foreach (var existing in Directory.EnumerateFiles(database.DataPath))
        {
            // Files left by an older version (0644) are tightened at every start.
            if ((File.GetUnixFileMode(existing) & ~PrivateFile) != 0)
            {
                File.SetUnixFileMode(existing, PrivateFile);
            }
        }
    }
}
