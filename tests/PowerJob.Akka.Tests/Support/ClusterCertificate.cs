using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PowerJob.Akka.Tests.Support;

/// <summary>A self-signed certificate with its private key in a temporary PKCS#12 file, as an operator would make one.</summary>
public sealed class ClusterCertificate : IDisposable
{
    private ClusterCertificate(string path, string password)
    {
        Path = path;
        Password = password;
    }

    public string Path { get; }
    public string Password { get; }

    public IReadOnlyList<string> Settings => [$"--oms.cluster.tls.certificate-path={Path}", $"--oms.cluster.tls.certificate-password={Password}"];

    public static ClusterCertificate Create(string subject = "CN=powerjob-cluster", string password = "cluster-secret", bool withPrivateKey = true)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));
        using var exported = withPrivateKey ? X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null)
            : X509CertificateLoader.LoadCertificate(certificate.RawData);
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"pj-cluster-{Guid.NewGuid():N}.pfx");
        File.WriteAllBytes(path, exported.Export(X509ContentType.Pkcs12, password));
        return new ClusterCertificate(path, password);
    }

    public void Dispose() => File.Delete(Path);
}
