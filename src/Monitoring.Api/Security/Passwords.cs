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
        if (!string.IsNullOrEmpty(username) && IsUsername(password, username))
        {
            return "A password may not be the username.";
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
        return Common.Contains(lower) || Common.Contains(Core(lower));
    }

    // "nurse.smith", "Nurse.Smith2024!": the username with nothing but digits or symbols added.
    private static bool IsUsername(string password, string username)
    {
        var at = password.IndexOf(username, StringComparison.OrdinalIgnoreCase);
        return at >= 0 && !password.Remove(at, username.Length).Any(char.IsLetter);
    }

    // "Password123!", "!!welcome2024": the word inside at most four digits or symbols on either side.
    private static string Core(string password)
    {
        var start = 0;
        while (start < password.Length && start < 4 && !char.IsLetter(password[start]))
        {
            start++;
        }
        var end = password.Length;
        while (end > start && password.Length - end < 4 && !char.IsLetter(password[end - 1]))
        {
            end--;
        }
        return password[start..end];
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
