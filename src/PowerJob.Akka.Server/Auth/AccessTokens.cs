using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using PowerJob.Akka.Configuration;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Server.Auth;

/// <summary>
/// OpenAPI access tokens: <c>v1.{appId}.{expiresAtUnixMs}.{signature}</c>, the signature an HMAC-SHA256 keyed by a key
/// derived from the app's stored password hash. Any server of the cluster that reads the store verifies a token no
/// matter which server issued it, and changing the password revokes every token issued before.
/// </summary>
public sealed class AccessTokens(ServerOptions options, TimeProvider time)
{
    private const string Version = "v1";
    private static readonly byte[] KeyLabel = Encoding.UTF8.GetBytes("powerjob-akka openapi token key");

    public TimeSpan Lifetime => options.Security.TokenLifetime;

    public string Issue(AppRecord app)
    {
        var expires = (time.GetUtcNow() + Lifetime).ToUnixTimeMilliseconds();
        var body = string.Create(CultureInfo.InvariantCulture, $"{Version}.{app.Id}.{expires}");
        return $"{body}.{Sign(app, body)}";
    }

    /// <summary>The app id a well-formed token names, before it is verified (to look the app up); null when malformed.</summary>
    public static long? AppIdOf(string token)
    {
        var parts = token.Split('.');
        return parts.Length == 4 && parts[0] == Version && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : null;
    }

    /// <summary>Null when the token is valid for <paramref name="app"/>, otherwise why not.</summary>
    public string? Verify(string token, AppRecord app)
    {
        var parts = token.Split('.');
        if (parts.Length != 4 || parts[0] != Version
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var expires))
            return "X-POWERJOB-ACCESS-TOKEN is not a token issued by /openApi/authApp";
        if (AppIdOf(token) != app.Id) return $"the access token was issued for another app, not appId {app.Id}";
        var expected = Encoding.ASCII.GetBytes(Sign(app, string.Join('.', parts[..3])));
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(parts[3])))
            return $"the access token for appId {app.Id} is invalid (forged, or the app's password changed since it was issued); sign in again with /openApi/authApp";
        if (time.GetUtcNow().ToUnixTimeMilliseconds() >= expires)
            return $"the access token for appId {app.Id} expired; sign in again with /openApi/authApp";
        return null;
    }

    private static string Sign(AppRecord app, string body)
    {
        var key = HMACSHA256.HashData(KeyLabel, Encoding.UTF8.GetBytes(app.PasswordHash));
        return Base64Url(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(body)));
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
