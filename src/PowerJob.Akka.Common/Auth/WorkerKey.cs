using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using PowerJob.Akka.Messages;

namespace PowerJob.Akka.Auth;

/// <summary>
/// <c>/server/workerKey</c>'s answer: the public parameters of the app's stored password hash (PBKDF2-SHA256), from
/// which a worker holding the password derives the same bytes the server stores.
/// </summary>
public sealed record WorkerKeyParameters(string Scheme, int Iterations, string Salt, int Length);

/// <summary>
/// The key a worker signs its heartbeats with: an HMAC of the app's PBKDF2 password hash. The server has the hash in its
/// store; the worker recomputes it from its configured password and <see cref="WorkerKeyParameters"/>; the password
/// itself never travels. Changing the app's password changes the key.
/// </summary>
public static class WorkerKey
{
    /// <summary>The hash scheme over the password's MD5 hex digest; the older scheme hashes the plain password.</summary>
    public const string Md5Scheme = "pbkdf2-md5";
    public const string PlainScheme = "pbkdf2-sha256";
    /// <summary>How far a heartbeat's time may be from the server's clock.</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    private static readonly byte[] Label = Encoding.UTF8.GetBytes("powerjob-akka worker key");

    public static byte[] FromStoredHash(byte[] passwordHash) => HMACSHA256.HashData(Label, passwordHash);

    /// <summary>The key derived from the password, or null when the parameters name an unknown scheme or are out of range.</summary>
    public static byte[]? FromPassword(string password, WorkerKeyParameters parameters)
    {
        if (parameters.Scheme is not (Md5Scheme or PlainScheme) || parameters.Iterations is < 1 or > 10_000_000
            || parameters.Length is < 16 or > 64)
            return null;
        byte[] salt;
        try { salt = Convert.FromBase64String(parameters.Salt); }
        catch (FormatException) { return null; }
        var input = parameters.Scheme == Md5Scheme ? Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(password))) : password;
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(input), salt, parameters.Iterations, HashAlgorithmName.SHA256, parameters.Length);
        return FromStoredHash(hash);
    }

    /// <summary>The proof a heartbeat carries: it binds the app, the worker's address and the heartbeat's time.</summary>
    public static string Sign(byte[] key, long appId, string appName, string workerAddress, long heartbeatTime) =>
        Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(
            string.Create(CultureInfo.InvariantCulture, $"{appId}|{appName}|{workerAddress}|{heartbeatTime}"))));

    public static WorkerHeartbeat Signed(this WorkerHeartbeat heartbeat, byte[] key) =>
        heartbeat with { Proof = Sign(key, heartbeat.AppId, heartbeat.AppName, heartbeat.WorkerAddress, heartbeat.HeartbeatTime) };

    public static bool Verify(byte[] key, long appId, string appName, WorkerHeartbeat heartbeat) =>
        heartbeat.Proof is { } proof && CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(Sign(key, appId, appName, heartbeat.WorkerAddress, heartbeat.HeartbeatTime)), Encoding.ASCII.GetBytes(proof));
}
