using Microsoft.AspNetCore.Identity;

namespace Monitoring.Api.Security;

/// <summary>ASP.NET Core Identity's PBKDF2 hasher (versioned format, salted, iterated).</summary>
public static class Passwords
{
    public const int MinimumLength = 12;

    private static readonly PasswordHasher<object> Hasher = new();
    private static readonly object Subject = new();

    public static string Hash(string password) => Hasher.HashPassword(Subject, password);

    public static bool Verify(string hash, string password) =>
        Hasher.VerifyHashedPassword(Subject, hash, password) != PasswordVerificationResult.Failed;
}
