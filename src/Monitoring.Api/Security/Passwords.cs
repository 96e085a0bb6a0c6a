using System.Reflection;
using Microsoft.AspNetCore.Identity;

namespace Monitoring.Api.Security;

/// <summary>ASP.NET Core Identity's PBKDF2 hasher (versioned format, salted, iterated), and what a password may be.</summary>
public static class Passwords
{
    public const int MinimumLength = 12;
    public const int MaximumLength = 200;

    private static readonly PasswordHasher<object> Hasher = new();
    private static readonly object Subject = new();
    private static readonly HashSet<string> Common = LoadCommon();

    // Verifying against this costs what verifying a real account costs: an unknown username takes as long as a wrong password.
    private static readonly string DummyHash = Hasher.HashPassword(Subject, Guid.NewGuid().ToString("N"));

    public static string Hash(string password) => Hasher.HashPassword(Subject, password);

    public static bool Verify(string hash, string password) =>
        Hasher.VerifyHashedPassword(Subject, hash, password) != PasswordVerificationResult.Failed;

    /// <summary>Spends the time of a real verification and fails, for a username that does not exist.</summary>
    public static bool VerifyNobody(string password)
    {
        Verify(DummyHash, password);
        return false;
    }

    /// <summary>Why the password is refused for this user, or null when it is acceptable.</summary>
    public static string? Problem(string? username, string? password)
    {
        if (string.IsNullOrEmpty(password) || password.Length < MinimumLength)
        {
            return $"A password has at least {MinimumLength} characters.";
        }
        if (password.Length > MaximumLength)
        {
            return $"A password has at most {MaximumLength} characters.";
        }
        if (!string.IsNullOrEmpty(username) && password.Contains(username, StringComparison.OrdinalIgnoreCase))
        {
            return "A password may not contain the username.";
        }
        if (password.Distinct().Count() <= 2)
        {
            return "A password needs more than one or two different characters.";
        }
        return IsCommon(password) ? "This password is among the most common ones that attackers try first: choose another." : null;
    }

    public static bool IsCommon(string password)
    {
        var lower = password.ToLowerInvariant();
        if (Common.Contains(lower))
        {
            return true;
        }
        // "Password123!", "!!welcome2024": a common stem with a few digits or symbols around it.
        var start = 0;
        while (start < lower.Length && start < 4 && !char.IsLetter(lower[start]))
        {
            start++;
        }
        var end = lower.Length;
        while (end > start && lower.Length - end < 4 && !char.IsLetter(lower[end - 1]))
        {
            end--;
        }
        return Common.Contains(lower[start..end]);
    }

    private static HashSet<string> LoadCommon()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("common-passwords.txt")
            ?? throw new InvalidOperationException("The common-password list is missing from the build.");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && !line.StartsWith('#'))
            {
                set.Add(line.Trim().ToLowerInvariant());
            }
        }
        return set;
    }
}
