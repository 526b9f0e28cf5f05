using Testcontainers.RabbitMq;

namespace Harness.Testing.RabbitMq;

/// <summary>A throw-away broker in Docker, for machines that have a Docker engine.</summary>
internal sealed class ContainerBroker(RabbitMqContainer container) : RabbitMqBroker
{
    private const ushort ManagementPort = 15672;

    public override Uri AmqpUrl => new UriBuilder(container.GetConnectionString()) { Path = "/" }.Uri;

    public override Uri ManagementUrl =>
        new UriBuilder("http", container.Hostname, container.GetMappedPublicPort(ManagementPort)) { UserName = "rabbitmq", Password = "rabbitmq" }.Uri;

    public override string Description => "Testcontainers rabbitmq:3.13-management";

    public static async Task<ContainerBroker> StartAsync()
    {
        var container = new RabbitMqBuilder("rabbitmq:3.13-management")
            .WithUsername("rabbitmq")
            .WithPassword("rabbitmq")
            .WithPortBinding(ManagementPort, true)
            .Build();
        await container.StartAsync();
        return new ContainerBroker(container);
    }

    public override ValueTask DisposeAsync() => container.DisposeAsync();
}
