using System.Security.Cryptography;
using Monitoring.Api.Data;

namespace Monitoring.Api.Security;

/// <summary>
/// On an empty database, creates the user <c>admin</c> with <c>MONITORING_ADMIN_PASSWORD</c>, or with
/// a random password printed once to the console. There is no built-in default password.
/// </summary>
public static class FirstRunAdmin
{
    public const string PasswordVariable = "MONITORING_ADMIN_PASSWORD";
    public const string Username = "admin";

    private const string CountUsers = "SELECT COUNT(*) FROM users";
    private const string InsertAdmin = """
        INSERT INTO users (id, username, password_hash, role, created_at)
        VALUES (@Id, @Username, @PasswordHash, @Role, @CreatedAt)
        """;

    public static async Task EnsureAsync(ConnectionFactory factory, IConfiguration configuration, TimeProvider clock, CancellationToken cancellationToken)
    {
        await using var session = new DbSession(factory);
        if (await session.ExecuteScalarAsync<long>(CountUsers, null, cancellationToken) > 0)
        {
            return;
        }

        var configured = configuration[PasswordVariable];
        // The first account is the most powerful: it gets the same policy as every other password.
        if (!string.IsNullOrEmpty(configured) && Passwords.Problem(Username, configured) is { } weak)
        {
            throw new InvalidOperationException($"Configuration: {PasswordVariable} is refused: {weak} Choose another, or leave it unset to have a random one printed once.");
        }
        var password = string.IsNullOrEmpty(configured) ? GeneratePassword() : configured;
        try
        {
            await session.ExecuteAsync(InsertAdmin, new
            {
                Id = Guid.CreateVersion7(),
                Username,
                PasswordHash = Passwords.Hash(password),
                Role = Roles.Admin,
                CreatedAt = clock.GetUtcNow(),
            }, cancellationToken);
        }
        catch (Exception exception) when (factory.Dialect.IsUniqueViolation(exception))
        {
            return; // another instance created it first
        }

        Console.WriteLine(string.IsNullOrEmpty(configured)
            ? $"First start: created user '{Username}' with password {password} (shown once; set {PasswordVariable} to choose it)."
            : $"First start: created user '{Username}' with the password from {PasswordVariable}.");
    }

    public static string GeneratePassword()
    {
        const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        return RandomNumberGenerator.GetString(Alphabet, 20);
    }
}
