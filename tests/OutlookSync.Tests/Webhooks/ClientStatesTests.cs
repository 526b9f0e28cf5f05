using Microsoft.AspNetCore.DataProtection;
using OutlookSync.Integrations;
using OutlookSync.Webhooks;
using Xunit;

namespace OutlookSync.Tests.Webhooks;

/// <summary>The webhook unprotects each subscription's clientState once, not once per notification.</summary>
public sealed class ClientStatesTests
{
    [Fact]
    public void A_clientState_is_unprotected_once_and_each_protected_form_gives_its_own_value()
    {
        var provider = new CountingProvider(new EphemeralDataProtectionProvider());
        var secrets = new SecretProtector(provider);
        var first = secrets.Protect("first-state");
        var second = secrets.Protect("second-state");
        var states = new ClientStates(secrets);

        Assert.Equal("first-state", states.Unprotect(first));
        Assert.Equal("first-state", states.Unprotect(first));
        Assert.Equal("second-state", states.Unprotect(second));
        Assert.Equal(2, provider.Unprotects);
    }

    private sealed class CountingProvider(IDataProtectionProvider inner) : IDataProtectionProvider
    {
        public int Unprotects { get; private set; }

        public IDataProtector CreateProtector(string purpose) => new Counting(inner.CreateProtector(purpose), this);

        private sealed class Counting(IDataProtector inner, CountingProvider owner) : IDataProtector
        {
            public IDataProtector CreateProtector(string purpose) => new Counting(inner.CreateProtector(purpose), owner);

            public byte[] Protect(byte[] plaintext) => inner.Protect(plaintext);

            public byte[] Unprotect(byte[] protectedData)
            {
                owner.Unprotects++;
                return inner.Unprotect(protectedData);
            }
        }
    }
}
