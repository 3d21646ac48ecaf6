using System.Security.Cryptography;
using System.Text;
using PowerJob.Akka.Storage;

namespace PowerJob.Akka.Server.Auth;

/// <summary>The outcome of checking an app's credentials: the app, or why it was refused.</summary>
public sealed record CredentialCheck(AppRecord? App, string? Failure)
{
    public bool Passed => App is not null;
    public static CredentialCheck Ok(AppRecord app) => new(app, null);
    public static CredentialCheck Refused(string failure) => new(null, failure);
}

/// <summary>
/// The one place app passwords are checked (OpenAPI <c>authApp</c> and <c>assert</c>, <c>/appInfo/save</c>, the console):
/// the plain password or its MD5 digest against the stored hash. A hash in the older format is replaced by the current
/// one the first time its plain password verifies, so existing apps migrate without a reset.
/// </summary>
public sealed class AppCredentials(IPowerJobStore store, ILogger<AppCredentials> log)
{
    public const string EncryptNone = "NONE";
    public const string EncryptMd5 = "MD5";

    /// <summary>Checks <paramref name="secret"/> — the plain password, or with <paramref name="encryptType"/> MD5 its hex digest.</summary>
    public async Task<CredentialCheck> CheckAsync(AppRecord app, string? secret, string? encryptType, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(secret)) return CredentialCheck.Refused($"the password of app '{app.AppName}' is required");
        var type = string.IsNullOrWhiteSpace(encryptType) ? EncryptNone : encryptType.Trim().ToUpperInvariant();
        switch (type)
        {
            case EncryptNone:
                return await CheckPlainAsync(app, secret, ct) ? CredentialCheck.Ok(app) : WrongPassword(app);
            case EncryptMd5 when PasswordHasher.NeedsUpgrade(app.PasswordHash):
                return CredentialCheck.Refused($"app '{app.AppName}' stores its password in an older format that cannot check an MD5 digest; " +
                                               "sign in once with the plain password (encryptType NONE, or /openApi/assert) or set the password again");
            case EncryptMd5:
                return PasswordHasher.VerifyDigest(secret, app.PasswordHash) ? CredentialCheck.Ok(app) : WrongPassword(app);
            default:
                return CredentialCheck.Refused($"encryptType '{encryptType}' is invalid: allowed values are {EncryptNone}, {EncryptMd5}");
        }
    }

    /// <summary>Verifies the plain password, upgrading an older-format hash when it matches.</summary>
    public async Task<bool> CheckPlainAsync(AppRecord app, string password, CancellationToken ct)
    {
        if (!PasswordHasher.Verify(password, app.PasswordHash)) return false;
        if (PasswordHasher.NeedsUpgrade(app.PasswordHash)
            && await store.ChangeAppPasswordAsync(app.Id, app.PasswordHash, PasswordHasher.Hash(password), ct))
            log.LogInformation("app '{AppName}' (appId {AppId}): stored password hash upgraded to the current format", app.AppName, app.Id);
        return true;
    }

    /// <summary>Compares a presented admin secret with the configured one in constant time.</summary>
    public static bool SecretEquals(string? presented, string expected) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));

    private static CredentialCheck WrongPassword(AppRecord app) => CredentialCheck.Refused($"password for app '{app.AppName}' is wrong");
}
