using DotNet.Testcontainers.Configurations;

namespace Harness.Testing.RabbitMq;

/// <summary>
/// The broker the whole test run shares, found in this order: <c>RABBITMQ_URL</c>; a Testcontainers
/// container when a Docker endpoint exists; a private loopback broker from Debian's rabbitmq-server.
/// Each scenario takes its own virtual host, so scenarios never see each other's messages.
/// </summary>
public abstract class RabbitMqBroker : IAsyncDisposable
{
    private static readonly SharedServer<RabbitMqBroker> Shared = new(StartAsync);

    private readonly System.Collections.Concurrent.ConcurrentQueue<VirtualHost> _givenBack = new();

    /// <summary>amqp://user:password@host:port (no vhost).</summary>
    public abstract Uri AmqpUrl { get; }

    public abstract Uri ManagementUrl { get; }

    public abstract string Description { get; }

    public static Task<RabbitMqBroker> SharedAsync() => Shared.GetAsync();

    /// <summary>Stops the shared broker, if this run started one (a no-op for external brokers).</summary>
    public static Task StopSharedAsync() => Shared.StopAsync();

    public Task<VirtualHost> CreateVirtualHostAsync() => VirtualHost.CreateAsync(this);

    /// <summary>A virtual host for one scenario: one an earlier scenario gave back empty (<see cref="VirtualHost.GiveBackAsync"/>), or a new one.</summary>
    public Task<VirtualHost> RentVirtualHostAsync() => _givenBack.TryDequeue(out var vhost) ? Task.FromResult(vhost) : CreateVirtualHostAsync();

    internal void TakeBack(VirtualHost vhost) => _givenBack.Enqueue(vhost);

    /// <summary>Deletes the virtual hosts given back and not rented again (on a broker that outlives the run).</summary>
    protected async Task DeleteGivenBackAsync()
    {
        while (_givenBack.TryDequeue(out var vhost))
        {
            await vhost.DisposeAsync();
        }
    }

    public abstract ValueTask DisposeAsync();

    private static async Task<RabbitMqBroker> StartAsync()
    {
        if (Environment.GetEnvironmentVariable("RABBITMQ_URL") is { Length: > 0 } url)
        {
            return ExternalBroker.FromEnvironment(url);
        }

        if (TestcontainersSettings.OS.DockerEndpointAuthConfig is not null)
        {
            return await ContainerBroker.StartAsync();
        }

        if (File.Exists(PrivateBroker.ServerScript))
        {
            return await PrivateBroker.StartAsync();
        }

        throw new InvalidOperationException(
            "No RabbitMQ broker for the tests. Do one of: " +
            "set RABBITMQ_URL=amqp://guest:guest@host:5672 (management API on port 15672, or set RABBITMQ_MANAGEMENT_URL); " +
            "start a Docker engine (Testcontainers runs rabbitmq:3.13-management); " +
            "or install Debian's broker with 'apt-get install -y rabbitmq-server' (./harness test does this for you).");
    }
}
