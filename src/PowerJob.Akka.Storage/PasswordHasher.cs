using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PowerJob.Akka.Storage;

/// <summary>
/// App password hashes. The current form is <c>pbkdf2-md5$iterations$salt$hash</c> (base64): PBKDF2-SHA256 over the
/// lower-case MD5 hex digest of the password, so both the plain password and the digest PowerJob's clients send to
/// <c>authApp</c> verify against one stored hash. The older <c>pbkdf2-sha256$…</c> form (PBKDF2 over the plain password)
/// still verifies the plain password; <see cref="NeedsUpgrade"/> tells the caller to store a new hash once it has it.
/// </summary>
public static class PasswordHasher
{
    private const string Scheme = "pbkdf2-md5";
    private const string LegacyScheme = "pbkdf2-sha256";
    private const int Iterations = 100_000;
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    public static string Hash(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Derive(Md5Hex(password), salt, Iterations, HashBytes);
        return string.Join('$', Scheme, Iterations.ToString(CultureInfo.InvariantCulture),
            Convert.ToBase64String(salt), Convert.ToBase64String(hash));
    }

    /// <summary>The lower-case hex MD5 of the UTF-8 password: what PowerJob's clients send as <c>encryptedPassword</c>.</summary>
    public static string Md5Hex(string password) =>
        Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(password)));

    /// <summary>False for a wrong password and for anything that is not a hash made by <see cref="Hash"/> (or its older form).</summary>
    public static bool Verify(string password, string hash)
    {
        ArgumentNullException.ThrowIfNull(password);
        if (!TryParse(hash, out var scheme, out var iterations, out var salt, out var expected)) return false;
        var input = scheme == Scheme ? Md5Hex(password) : password;
        return CryptographicOperations.FixedTimeEquals(Derive(input, salt, iterations, expected.Length), expected);
    }

    /// <summary>
    /// Verifies an MD5 hex digest of the password (any letter case). A hash in the older form cannot check a digest:
    /// false, and <see cref="NeedsUpgrade"/> says why.
    /// </summary>
    public static bool VerifyDigest(string md5Hex, string hash)
    {
        ArgumentNullException.ThrowIfNull(md5Hex);
        if (md5Hex.Length != 32 || !md5Hex.All(char.IsAsciiHexDigit)) return false;
        if (!TryParse(hash, out var scheme, out var iterations, out var salt, out var expected) || scheme != Scheme) return false;
        return CryptographicOperations.FixedTimeEquals(Derive(md5Hex.ToLowerInvariant(), salt, iterations, expected.Length), expected);
    }

    /// <summary>True for a hash in the older form: re-hash the plain password the next time it verifies.</summary>
    public static bool NeedsUpgrade(string hash) => hash.StartsWith(LegacyScheme + "$", StringComparison.Ordinal);

    /// <summary>Reads a stored hash's scheme, iterations, salt and derived bytes; false for anything <see cref="Hash"/> did not make.</summary>
    public static bool TryParse(string hash, out string scheme, out int iterations, out byte[] salt, out byte[] expected)
    {
        scheme = "";
        iterations = 0;
        salt = expected = [];
        if (string.IsNullOrEmpty(hash)) return false;
        var parts = hash.Split('$');
        if (parts.Length != 4 || parts[0] is not (Scheme or LegacyScheme)) return false;
        scheme = parts[0];
        if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out iterations) || iterations <= 0)
            return false;
        try
        {
            salt = Convert.FromBase64String(parts[2]);
            expected = Convert.FromBase64String(parts[3]);
        }
        catch (FormatException)
        {
            return false;
        }
        return salt.Length > 0 && expected.Length > 0;
    }

    private static byte[] Derive(string input, byte[] salt, int iterations, int length) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(input), salt, iterations, HashAlgorithmName.SHA256, length);
}
