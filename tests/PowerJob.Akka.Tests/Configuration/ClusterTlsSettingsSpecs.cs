using PowerJob.Akka.Configuration;
using PowerJob.Akka.Tests.Support;

namespace PowerJob.Akka.Tests.Configuration;

public sealed class ClusterTlsSettingsSpecs : IDisposable
{
    private readonly ClusterCertificate _certificate = ClusterCertificate.Create();

    public void Dispose() => _certificate.Dispose();

    private static ServerOptions Read(params string[] overrides) => ServerOptions.Read(NodeConfiguration.FromHocon("", overrides));

    private static ConfigurationError SingleError(params string[] overrides) =>
        Assert.Single(Assert.Throws<InvalidConfigurationException>(() => Read(overrides)).Errors);

    [Fact]
    public void Cluster_tls_is_off_by_default_and_on_with_a_readable_certificate()
    {
        Assert.False(Read().ClusterTls.Enabled);

        var tls = Read([.. _certificate.Settings]).ClusterTls;
        Assert.True(tls.Enabled);
        Assert.True(tls.Certificate!.HasPrivateKey);
        Assert.Equal(_certificate.Path, tls.CertificatePath);
    }

    [Fact]
    public void A_missing_certificate_file_names_the_key_and_the_path()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"no-such-{Guid.NewGuid():N}.pfx");
        var error = SingleError($"--oms.cluster.tls.certificate-path={missing}");
        Assert.Equal(ClusterTlsOptions.CertificatePathKey, error.Key);
        Assert.Equal(missing, error.Value);
        Assert.Contains("no such file", error.ToString());
    }

    [Fact]
    public void A_wrong_password_names_the_password_key_and_the_file_without_echoing_the_password()
    {
        var error = SingleError($"--oms.cluster.tls.certificate-path={_certificate.Path}", "--oms.cluster.tls.certificate-password=guess");
        Assert.Equal(ClusterTlsOptions.CertificatePasswordKey, error.Key);
        Assert.Contains(_certificate.Path, error.ToString());
        Assert.DoesNotContain("guess", error.ToString());
    }

    [Fact]
    public void A_file_that_is_not_PKCS12_is_refused()
    {
        var pem = Path.Combine(Path.GetTempPath(), $"pj-{Guid.NewGuid():N}.pem");
        File.WriteAllText(pem, "-----BEGIN CERTIFICATE-----\nnot really\n-----END CERTIFICATE-----\n");
        try
        {
            var error = SingleError($"--oms.cluster.tls.certificate-path={pem}");
            Assert.Equal((ClusterTlsOptions.CertificatePathKey, pem), (error.Key, error.Value));
            Assert.Contains("PKCS#12", error.Allowed);
        }
        finally
        {
            File.Delete(pem);
        }
    }

    [Fact]
    public void A_certificate_without_its_private_key_is_refused()
    {
        using var publicOnly = ClusterCertificate.Create(withPrivateKey: false);
        var error = SingleError([.. publicOnly.Settings]);
        Assert.Equal((ClusterTlsOptions.CertificatePathKey, publicOnly.Path), (error.Key, error.Value));
        Assert.Contains("no private key", error.Allowed);
    }

    [Fact]
    public void A_password_without_a_certificate_path_is_refused()
    {
        var error = SingleError("--oms.cluster.tls.certificate-password=cluster-secret");
        Assert.Equal(ClusterTlsOptions.CertificatePathKey, error.Key);
        Assert.Contains(ClusterTlsOptions.CertificatePasswordKey, error.Allowed);
    }
}
