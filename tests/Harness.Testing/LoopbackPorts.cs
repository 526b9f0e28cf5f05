using System.Net;
using System.Net.Sockets;

namespace Harness.Testing;

/// <summary>Ports on 127.0.0.1 that nothing listens on right now (free for a server, or closed for a client to fail on).</summary>
public static class LoopbackPorts
{
    // Below Linux's ephemeral range (32768-60999): a port handed out here and bound a moment later cannot be
    // taken meanwhile by the local end of an outgoing connection (HTTP, AMQP), as an ephemeral port can.
    private const int First = 20000;
    private const int Count = 12000;

    // Each test process starts somewhere else in the range and never hands out a port twice.
    private static int _next = Random.Shared.Next(Count);

    public static int Free()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = First + (Interlocked.Increment(ref _next) % Count);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // In use (another test process, another program): the next one.
            }
        }

        throw new InvalidOperationException($"No free loopback port in {First}..{First + Count - 1}.");
    }
}
