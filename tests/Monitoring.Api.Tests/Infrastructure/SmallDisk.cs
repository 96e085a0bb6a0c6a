using System.Diagnostics;

namespace Monitoring.Api.Tests.Infrastructure;

/// <summary>
/// A small tmpfs of its own, to fill the service's disk for real. Mounting needs root (CI containers run as
/// root); elsewhere the tests that need it report themselves as not run.
/// </summary>
public sealed class SmallDisk : IDisposable
{
    private readonly string _filler;

    private SmallDisk(string path)
    {
        Path = path;
        _filler = System.IO.Path.Combine(path, "filler");
    }

    public string Path { get; }

    public static SmallDisk MountOrIgnore(int megabytes)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "monitoring-small-disk", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        if (Environment.UserName != "root" || Run("mount", "-t", "tmpfs", "-o", $"size={megabytes}m,mode=0700", "tmpfs", path) != 0)
        {
            Directory.Delete(path);
            Assert.Ignore("Not run: mounting a small tmpfs to fill needs root.");
        }
        return new SmallDisk(path);
    }

    public long FreeBytes => new DriveInfo(Path).AvailableFreeSpace;

    /// <summary>Writes a file until the disk refuses more.</summary>
    public void Fill()
    {
        var chunk = new byte[64 * 1024];
        using var file = new FileStream(_filler, FileMode.Append, FileAccess.Write, FileShare.None, 1, FileOptions.WriteThrough);
        try
        {
            while (true)
            {
                file.Write(chunk);
            }
        }
        catch (IOException)
        {
            // ENOSPC: full.
        }
    }

    public void Free() => File.Delete(_filler);

    public void Dispose()
    {
        Run("umount", "-l", Path);
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover empty folder under /tmp is harmless.
        }
    }

    private static int Run(string command, params string[] arguments)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        try
        {
            using var process = Process.Start(start)!;
            process.WaitForExit();
            return process.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return -1;
        }
    }
}
