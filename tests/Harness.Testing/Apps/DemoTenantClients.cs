using GraphSimulator.Tenants;
using Microsoft.Graph;

namespace Harness.Testing.Apps;

/// <summary>
/// The simulator's demo tenant (see GraphSimulator.Tenants.DemoTenant) seeded into a simulator, with Graph
/// clients for its two modes: the service account signed in (delegated, mode A) and the app itself (mode B).
/// </summary>
public sealed class DemoTenantClients
{
    public const string RedirectUri = "http://127.0.0.1:5080/integrations/redirect/1";

    private DemoTenantClients(SimulatorApp simulator, SeededTenant tenant)
    {
        Simulator = simulator;
        Tenant = tenant;
    }

    public SimulatorApp Simulator { get; }

    public SeededTenant Tenant { get; }

    /// <summary>Seeds the demo tenant; its app registrations accept <see cref="RedirectUri"/> and any extra redirect URIs given.</summary>
    public static async Task<DemoTenantClients> SeedAsync(SimulatorApp simulator, params string[] extraRedirectUris) =>
        new(simulator, await simulator.SeedAsync(DemoTenant.Seed([RedirectUri, .. extraRedirectUris])));

    public GraphServiceClient AppOnly() =>
        Simulator.CreateAppOnlyGraphClient(DemoTenant.TenantId, DemoTenant.AppId, DemoTenant.ClientSecret);

    public async Task<GraphServiceClient> SignedInAsync(string userUpnStart = "booking.service")
    {
        var signIn = await DelegatedSignIn.SignInAsync(
            Simulator, DemoTenant.TenantId, DemoTenant.AppId, DemoTenant.ClientSecret, RedirectUri,
            Tenant.User(userUpnStart).Id, "https://graph.microsoft.com/Calendars.ReadWrite");
        return Simulator.CreateGraphClient(signIn.AsAuthenticationProvider());
    }
}
