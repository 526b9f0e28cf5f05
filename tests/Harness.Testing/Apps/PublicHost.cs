using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using GraphSimulator.Hosting;

namespace Harness.Testing.Apps;

/// <summary>
/// A production-like public address for the service in tests: https on a real-looking host name with its
/// own certificate. Nothing resolves the name; the simulator's webhook client (Graph's side) is told to
/// connect it to the service's loopback port and to trust the certificate, as DNS and a CA would.
/// </summary>
public static class PublicHost
{
    public const string Name = "sync.contoso.example";

    /// <summary>One certificate per test process: making RSA keys is slow.</summary>
    public static X509Certificate2 Certificate { get; } = SelfSignedCertificate.Create(TimeProvider.System, Name, Name);

    /// <summary>Connects <see cref="Name"/> to loopback (any port) and trusts its certificate; other hosts as usual.</summary>
    public static SocketsHttpHandler CreateHandler() => new()
    {
        AllowAutoRedirect = false,
        ConnectCallback = async (context, cancellationToken) =>
        {
            var host = string.Equals(context.DnsEndPoint.Host, Name, StringComparison.OrdinalIgnoreCase) ? "127.0.0.1" : context.DnsEndPoint.Host;
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(host, context.DnsEndPoint.Port, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
        SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, _, errors) => errors == SslPolicyErrors.None || certificate?.GetCertHashString() == Certificate.Thumbprint,
        },
    };
}
