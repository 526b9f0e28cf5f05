using Microsoft.AspNetCore.DataProtection;

namespace OutlookSync.Integrations;

/// <summary>Encrypts client secrets and client states at rest (ASP.NET Core Data Protection keys).</summary>
public sealed class SecretProtector(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("OutlookSync.Secrets.v1");

    public string Protect(string secret) => _protector.Protect(secret);

    public string Unprotect(string protectedSecret) => _protector.Unprotect(protectedSecret);
}
