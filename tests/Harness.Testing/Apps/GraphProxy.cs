using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace Harness.Testing.Apps;

/// <summary>How a transport fault between the service and Graph looks.</summary>
public enum TransportFault
{
    /// <summary>200 and no body at all (a proxy that lost the answer).</summary>
    EmptyResponse,

    /// <summary>Headers arrive, then the body is cut off mid-chunk.</summary>
    TruncatedBody,

    /// <summary>200 with a body that is not JSON.</summary>
    MalformedBody,

    /// <summary>The right answer, seconds late.</summary>
    SlowBody,
}

/// <summary>
/// WireMock.Net in front of the simulator: passes every Graph call through, except the next few that
/// match a path, which fail at the transport level. The service's Graph:BaseUrl points here. Passing
/// through, it says where the call came in (X-Forwarded-Host/-Proto, as a reverse proxy does), so the
/// simulator's nextLink and deltaLink lead back through the proxy like Graph's lead back to Graph.
/// </summary>
public sealed class GraphProxy : IDisposable
{
    private static readonly HttpClient Upstream = new(SimulatorApp.CreateTrustingHandler());

    private readonly WireMockServer _server;
    private readonly SimulatorApp _simulator;
    private int _faults;

    public GraphProxy(SimulatorApp simulator)
    {
        _simulator = simulator;
        _server = WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{LoopbackPorts.Free()}"] });
        _server.Given(Request.Create().UsingAnyMethod()).AtPriority(100).RespondWith(Response.Create().WithCallback(ForwardAsync));
    }

    private Task<WireMock.IResponseMessage> ForwardAsync(WireMock.IRequestMessage request) =>
        HttpForwarding.ForwardAsync(Upstream, request, _simulator.BaseAddress, new Uri(_server.Url!));

    /// <summary>The service's Graph:BaseUrl: Graph through this proxy.</summary>
    public Uri GraphBaseUrl => new(_server.Url + "/v1.0");

    /// <summary>Calls that met a fault so far.</summary>
    public int FaultsServed => _server.LogEntries.Count(e => e.MappingGuid != null && e.MappingTitle?.StartsWith("fault", StringComparison.Ordinal) == true);

    /// <summary>The next <paramref name="count"/> calls whose path contains <paramref name="pathPart"/> fail with <paramref name="fault"/>; later ones pass.</summary>
    public void FailNext(int count, TransportFault fault, string pathPart)
    {
        var scenario = $"faults-{Interlocked.Increment(ref _faults)}";
        for (var i = 0; i < count; i++)
        {
            var mapping = _server.Given(Request.Create().WithPath(p => p.Contains(pathPart, StringComparison.OrdinalIgnoreCase)).UsingAnyMethod())
                .WithTitle($"fault {fault} {i + 1}/{count}")
                .AtPriority(1)
                .InScenario(scenario);
            mapping = i == 0 ? mapping : mapping.WhenStateIs($"{i}");
            mapping.WillSetStateTo($"{i + 1}").RespondWith(Respond(fault));
        }
    }

    private IResponseBuilder Respond(TransportFault fault) => fault switch
    {
        TransportFault.EmptyResponse => Response.Create().WithFault(FaultType.EMPTY_RESPONSE),
        TransportFault.TruncatedBody => Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("{\"value\":[{\"id\":\"AAMkAG").WithFault(FaultType.MALFORMED_RESPONSE_CHUNK),
        TransportFault.MalformedBody => Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("<html>proxy error</html>"),
        _ => Response.Create().WithDelay(TimeSpan.FromSeconds(2)).WithCallback(ForwardAsync),
    };

    public void Dispose() => _server.Stop();
}
