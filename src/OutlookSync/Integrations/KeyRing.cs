using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using OutlookSync.Storage;

namespace OutlookSync.Integrations;

/// <summary>
/// The Data Protection key ring that encrypts client secrets, client states and token caches. Every node
/// of a deployment shares it (<c>Storage:DataProtectionKeysPath</c>); in production the keys themselves
/// are encrypted at rest with a certificate, from a PFX file or the certificate store.
/// </summary>
public static class KeyRing
{
    public const string SectionName = "DataProtection";

    public static IServiceCollection AddKeyRing(this IServiceCollection services, IConfiguration configuration)
    {
        var protection = services.AddDataProtection().SetApplicationName("OutlookSync");
        if (configuration["Storage:DataProtectionKeysPath"] is { Length: > 0 } keys)
        {
            PrivateFiles.EnsureFolder(keys);
            protection.PersistKeysToFileSystem(new DirectoryInfo(keys));
        }

        if (Certificate(configuration.GetSection(SectionName)) is { } certificate)
        {
            protection.ProtectKeysWithCertificate(certificate);
        }

        return services;
    }

    /// <summary>DataProtection:CertificatePath (+ CertificatePassword), or DataProtection:CertificateThumbprint in CurrentUser\My or LocalMachine\My.</summary>
    public static X509Certificate2? Certificate(IConfiguration section)
    {
        if (section["CertificatePath"] is { Length: > 0 } path)
        {
            return X509CertificateLoader.LoadPkcs12FromFile(path, section["CertificatePassword"]);
        }

        if (section["CertificateThumbprint"] is { Length: > 0 } thumbprint)
        {
            foreach (var location in new[] { StoreLocation.CurrentUser, StoreLocation.LocalMachine })
            {
                using var store = new X509Store(StoreName.My, location);
                store.Open(OpenFlags.ReadOnly);
                if (store.Certificates.Find(X509FindType.FindByThumbprint, thumbprint, validOnly: false) is [var found, ..])
                {
                    return found;
                }
            }

            throw new InvalidOperationException($"DataProtection:CertificateThumbprint {thumbprint} is in neither CurrentUser\\My nor LocalMachine\\My.");
        }

        return null;
    }

    public static bool IsProtectedAtRest(IConfiguration configuration) =>
        configuration[$"{SectionName}:CertificatePath"] is { Length: > 0 } || configuration[$"{SectionName}:CertificateThumbprint"] is { Length: > 0 };
}
