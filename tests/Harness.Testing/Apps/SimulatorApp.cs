using Microsoft.Graph;
using Microsoft.Kiota.Abstractions.Authentication;

namespace Harness.Testing.Apps;

/// <summary>The Graph simulator in permissive local mode (http notification URLs allowed).</summary>
public sealed class SimulatorApp(TimeProvider time, IReadOnlyDictionary<string, string?>? settings = null)
    : HostedApp<GraphSimulator.Program>(time, WithDefaults(settings))
{
    public Uri GraphBaseUrl => new(BaseAddress, "v1.0");

    /// <summary>The official SDK pointed at the simulator (no token yet: identity arrives with the tenant model).</summary>
    public GraphServiceClient CreateGraphClient() =>
        new(new HttpClient(), new AnonymousAuthenticationProvider(), GraphBaseUrl.ToString());

    /// <summary>A plain client for the simulator's control API.</summary>
    public HttpClient CreateControlClient() => new() { BaseAddress = BaseAddress };

    private static Dictionary<string, string?> WithDefaults(IReadOnlyDictionary<string, string?>? settings)
    {
        var all = new Dictionary<string, string?> { ["Simulator:AllowInsecureNotificationUrls"] = "true" };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        return all;
    }
}
