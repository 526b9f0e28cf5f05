using System.Buffers;
using System.Collections.Concurrent;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Harness.Testing.Apps;

/// <summary>A real SMTP server on a loopback port that keeps every message it receives (the "monitored address").</summary>
public sealed class SmtpReceiver : IDisposable
{
    private readonly SmtpServer.SmtpServer _server;
    private readonly CancellationTokenSource _stop = new();

    private SmtpReceiver(int port)
    {
        Port = port;
        var options = new SmtpServerOptionsBuilder().ServerName("localhost").Endpoint(e => e.Endpoint(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, port))).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(Messages));
        _server = new SmtpServer.SmtpServer(options, services);
        _ = _server.StartAsync(_stop.Token);
    }

    public int Port { get; }

    public ConcurrentQueue<MimeMessage> Messages { get; } = new();

    public static SmtpReceiver Start() => new(HostedApp<GraphSimulator.Program>.FreePort());

    /// <summary>The mail server is down from now on: connections to its port are refused.</summary>
    public bool Stopped { get; private set; }

    public void Stop()
    {
        if (!Stopped)
        {
            Stopped = true;
            _stop.Cancel();
            _server.Shutdown();
        }
    }

    public void Dispose()
    {
        Stop();
        _stop.Dispose();
    }

    private sealed class Store(ConcurrentQueue<MimeMessage> messages) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            await using var stream = new MemoryStream(buffer.ToArray());
            messages.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }
}
