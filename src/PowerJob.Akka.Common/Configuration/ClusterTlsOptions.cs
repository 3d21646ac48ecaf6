using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PowerJob.Akka.Configuration;

/// <summary>
/// TLS on the cluster port, with one certificate every server of the cluster holds: a server accepts a peer only when
/// the peer presents that same certificate (mutual TLS, pinned by thumbprint), so the certificate and its password are
/// the cluster secret. Off when no certificate path is set.
/// </summary>
public sealed record ClusterTlsOptions
{
    public const string CertificatePathKey = "oms.cluster.tls.certificate-path";
    public const string CertificatePasswordKey = "oms.cluster.tls.certificate-password";

    public static ClusterTlsOptions Off { get; } = new();

    /// <summary>The PKCS#12 (.pfx) file the certificate and its private key were read from. Default none (TLS off).</summary>
    public string? CertificatePath { get; init; }

    public X509Certificate2? Certificate { get; init; }

    public bool Enabled => Certificate is not null;

    internal static ClusterTlsOptions Read(SettingsReader r)
    {
        var path = r.Raw(CertificatePathKey)?.Trim();
        var password = r.Raw(CertificatePasswordKey);
        if (!string.IsNullOrEmpty(path)) return Read(r, path, password);
        if (!string.IsNullOrEmpty(password))
            r.Fail(CertificatePathKey, path, $"'{CertificatePasswordKey}' is set, so expected the path of the cluster's PKCS#12 (.pfx) certificate");
        return Off;
    }

    private static ClusterTlsOptions Read(SettingsReader r, string path, string? password)
    {
        if (!File.Exists(path))
        {
            r.Fail(CertificatePathKey, path, "no such file; expected the path of the cluster's PKCS#12 (.pfx) certificate");
            return Off;
        }
        if (!IsPkcs12(path))
        {
            r.Fail(CertificatePathKey, path, "not a PKCS#12 (.pfx) file; expected a certificate with its private key in PKCS#12 form");
            return Off;
        }
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password);
        }
        catch (CryptographicException e)
        {
            r.Fail(CertificatePasswordKey, string.IsNullOrEmpty(password) ? null : "(hidden)",
                $"it does not open the certificate '{path}' ('{CertificatePathKey}'): {e.Message}");
            return Off;
        }
        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            r.Fail(CertificatePathKey, path, "the file holds no private key; expected the certificate with its private key");
            return Off;
        }
        return new ClusterTlsOptions { CertificatePath = path, Certificate = certificate };
    }

    private static bool IsPkcs12(string path)
    {
        try
        {
            return X509Certificate2.GetCertContentType(path) == X509ContentType.Pkcs12;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
