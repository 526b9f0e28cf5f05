using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Harness.Testing.Apps;

/// <summary>
/// One of our apps started for real on a loopback port (real HTTP between the apps), reading its time
/// from the test's shared clock and its settings from the test.
/// </summary>
public class HostedApp<TEntryPoint> : WebApplicationFactory<TEntryPoint>
    where TEntryPoint : class
{
    private readonly TimeProvider _time;
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly string _environment;

    /// <summary>An app on a loopback port; <paramref name="environment"/> is ASP.NET Core's (Testing unless a test checks Development or Production behaviour).</summary>
    /// <summary>With <paramref name="httpsPort"/>, a second listener on that loopback port serves https with <see cref="PublicHost"/>'s certificate.</summary>
    public HostedApp(TimeProvider time, IReadOnlyDictionary<string, string?> settings, Action<ListenOptions>? listen = null, int port = 0, string environment = "Testing", int httpsPort = 0)
    {
        _time = time;
        _settings = settings;
        _environment = environment;
        UseKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, port, options => listen?.Invoke(options));
            if (httpsPort != 0)
            {
                kestrel.Listen(IPAddress.Loopback, httpsPort, options => options.UseHttps(PublicHost.Certificate));
            }
        });
    }

    /// <summary>A loopback port free right now, for an app whose public URL must be known before it starts.</summary>
    public static int FreePort() => LoopbackPorts.Free();

    /// <summary>The clock this app reads.</summary>
    public TimeProvider Time => _time;

    /// <summary>What the app logged (Information and above).</summary>
    public Logging.LogCapture Logs { get; } = new();

    /// <summary>Starts the app on first use and answers with its http://127.0.0.1:port/ address.</summary>
    public Uri BaseAddress
    {
        get
        {
            StartServer();
            var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
            return new Uri(addresses.First().TrimEnd('/') + "/");
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services => services.AddSingleton(_time));
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
    }
}
