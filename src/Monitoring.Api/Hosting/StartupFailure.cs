using System.Net.Sockets;
using Monitoring.Api.Data;

namespace Monitoring.Api.Hosting;

/// <summary>
/// A service that cannot start says why in one line (cause and remedy) and exits non-zero, instead of an
/// unhandled exception's stack: the operator reads it in the journal or the container log at a glance.
/// </summary>
public static class StartupFailure
{
    public const int ExitCode = 3;

    private const int NoSpaceLeftOnDevice = 28;

    public static int Report(Exception exception)
    {
        Console.Error.WriteLine($"Monitoring could not start: {Explain(exception)}");
        return ExitCode;
    }

    public static string Explain(Exception exception)
    {
        var root = exception.GetBaseException();
        var cause = OneLine(root.Message);
        if (Fault(exception) is { } fault)
        {
            return $"{fault.Title} ({cause}). Remedy: {fault.Remedy}, then start the service again.";
        }
        return root switch
        {
            SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse } or IOException { InnerException: SocketException }
                => $"{cause}. Remedy: stop whatever listens on that address, or give another one with --urls.",
            UnauthorizedAccessException => $"{cause}. Remedy: give the service's account read and write access to Monitoring:DataPath.",
            _ when exception is InvalidOperationException && exception.Message.StartsWith("Configuration:", StringComparison.Ordinal)
                => OneLine(exception.Message) + ".",
            _ when exception is InvalidOperationException && exception.Message.StartsWith("Database configuration:", StringComparison.Ordinal)
                => $"{OneLine(exception.Message)} Remedy: correct the setting named.",
            _ => $"{root.GetType().Name}: {cause}. Remedy: see the message; the service stopped before taking any request.",
        };
    }

    // Migrations wrap the engine's error; the cause is somewhere down the chain.
    private static StoreFault? Fault(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            // ENOSPC while writing the key or creating the file.
            if (current is IOException { HResult: NoSpaceLeftOnDevice })
            {
                return StoreFault.DiskFull;
            }
            if ((SqlDialect.Sqlite.Fault(current) ?? SqlDialect.SqlServer.Fault(current)) is { } fault && fault != StoreFault.Busy)
            {
                return fault;
            }
        }
        return null;
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim().TrimEnd('.');
}
