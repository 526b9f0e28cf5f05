using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace Harness.Testing.Apps;

/// <summary>
/// WireMock.Net as the load balancer in front of several web nodes: each request goes to the next node in
/// turn (round robin), so Graph's notifications and handshakes land on whichever node comes next. The
/// deployment's public address (Graph:PublicBaseUrl) is this balancer's.
/// </summary>
public sealed class LoadBalancer : IDisposable
{
    private static readonly HttpClient Upstream = new();
    private readonly WireMockServer _server;
    private readonly List<Uri> _nodes = [];
    private readonly Lock _gate = new();
    private int _next;

    public LoadBalancer()
    {
        _server = WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{LoopbackPorts.Free()}"] });
        _server.Given(Request.Create().UsingAnyMethod()).RespondWith(Response.Create().WithCallback(ForwardAsync));
    }

    public Uri PublicBaseUrl => new(_server.Url! + "/");

    public void Add(Uri node)
    {
        lock (_gate)
        {
            _nodes.Add(node);
        }
    }

    /// <summary>A node taken out of the pool (stopped, or failing its health check).</summary>
    public void Remove(Uri node)
    {
        lock (_gate)
        {
            _nodes.Remove(node);
        }
    }

    private Task<WireMock.IResponseMessage> ForwardAsync(WireMock.IRequestMessage request)
    {
        Uri node;
        lock (_gate)
        {
            if (_nodes.Count == 0)
            {
                return Task.FromResult<WireMock.IResponseMessage>(new WireMock.ResponseMessage { StatusCode = 503 });
            }

            node = _nodes[_next++ % _nodes.Count];
        }

        return HttpForwarding.ForwardAsync(Upstream, request, node, PublicBaseUrl);
    }

    public void Dispose() => _server.Stop();
}
