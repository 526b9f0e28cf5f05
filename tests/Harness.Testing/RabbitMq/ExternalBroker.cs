namespace Harness.Testing.RabbitMq;

/// <summary>A broker someone else runs (CI service, docker-compose): RABBITMQ_URL and its management API.</summary>
internal sealed class ExternalBroker(Uri amqp, Uri management) : RabbitMqBroker
{
    public override Uri AmqpUrl => amqp;

    public override Uri ManagementUrl => management;

    public override string Description => $"external broker from RABBITMQ_URL ({amqp.Host}:{amqp.Port})";

    public static ExternalBroker FromEnvironment(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var amqp) || amqp.Scheme is not ("amqp" or "amqps"))
        {
            throw new InvalidOperationException("RABBITMQ_URL must look like amqp://user:password@host:5672.");
        }

        var management = Environment.GetEnvironmentVariable("RABBITMQ_MANAGEMENT_URL") is { Length: > 0 } m
            ? new Uri(m)
            : new UriBuilder("http", amqp.Host, 15672) { UserName = amqp.UserInfo.Split(':')[0], Password = amqp.UserInfo.Split(':').ElementAtOrDefault(1) ?? "" }.Uri;
        return new ExternalBroker(new UriBuilder(amqp) { Path = "/" }.Uri, management);
    }

    public override async ValueTask DisposeAsync() => await DeleteGivenBackAsync();
}
