using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace Monitoring.Api.Security;

/// <summary>
/// The HMAC key that signs access tokens: <c>Monitoring:Jwt:SigningKey</c> (base64) when configured,
/// otherwise generated once and kept in the data folder so tokens survive a restart.
/// </summary>
public sealed class SigningKey(SymmetricSecurityKey key)
{
    public const string FileName = "jwt-signing.key";

    public SymmetricSecurityKey Key { get; } = key;

    public static SigningKey Load(IConfiguration configuration, string dataPath)
    {
        var configured = configuration["Monitoring:Jwt:SigningKey"];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return FromBytes(Convert.FromBase64String(configured));
        }

        var path = Path.Combine(dataPath, FileName);
        if (!File.Exists(path))
        {
            var generated = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64));
            var temporary = path + ".tmp";
            var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                // Created 0600: the key is never readable by others, not even for a moment.
                options.UnixCreateMode = DataFolder.PrivateFile;
            }
            using (var writer = new StreamWriter(temporary, System.Text.Encoding.ASCII, options))
            {
                writer.Write(generated);
            }
            // Two instances starting together must end up with one key: the first rename wins.
            try
            {
                File.Move(temporary, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                File.Delete(temporary);
            }
        }
        return FromBytes(Convert.FromBase64String(File.ReadAllText(path).Trim()));
    }

    private static SigningKey FromBytes(byte[] bytes)
    {
        if (bytes.Length < 32)
        {
            throw new InvalidOperationException("Monitoring:Jwt:SigningKey must be at least 256 bits.");
        }
        return new SigningKey(new SymmetricSecurityKey(bytes) { KeyId = Convert.ToHexString(SHA256.HashData(bytes))[..16] });
    }
}
