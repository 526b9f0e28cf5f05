using System.Net;
using System.Net.Sockets;

namespace Harness.Testing;

/// <summary>Ports on 127.0.0.1 that nothing listens on right now (free for a server, or closed for a client to fail on).</summary>
public static class LoopbackPorts
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
