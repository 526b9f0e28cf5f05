using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace GraphSimulator.Hosting;

/// <summary>
/// The identity libraries refuse http authorities, so the simulator serves https with a certificate made
/// at start-up for localhost and 127.0.0.1. Clients trust it in-process (compare the thumbprint) or
/// through the PEM file the simulator writes.
/// </summary>
public static class SelfSignedCertificate
{
    public static X509Certificate2 Create(TimeProvider time) => Create(time, "Graph simulator", "localhost");

    /// <summary>A certificate for the given host names (and the loopback addresses).</summary>
    public static X509Certificate2 Create(TimeProvider time, string commonName, params string[] dnsNames)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        foreach (var name in dnsNames)
        {
            names.AddDnsName(name);
        }

        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = time.GetUtcNow();
        using var created = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));

        // Round-trip through PKCS#12 so the private key is usable by Kestrel on every platform.
        var certificate = X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);

        // Decoded once, now: every server that starts with this certificate reads its key usages, and test hosts
        // starting at the same moment on one shared certificate once saw none ("not for server authentication").
        foreach (var usage in certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>())
        {
            _ = usage.EnhancedKeyUsages;
        }

        return certificate;
    }

    public static void WritePem(X509Certificate2 certificate, string path)
    {
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, certificate.ExportCertificatePem());
    }
}
