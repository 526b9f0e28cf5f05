using System.Net.Http.Headers;
using System.Net.Http.Json;
using RabbitMQ.Client;

namespace Harness.Testing.RabbitMq;

/// <summary>A virtual host of its own for one scenario or test; deleted (with its queues) on dispose, or emptied and given back for the next scenario.</summary>
public sealed class VirtualHost : IAsyncDisposable
{
    private readonly HttpClient _management;

    private VirtualHost(RabbitMqBroker broker, string name, HttpClient management)
    {
        Broker = broker;
        Name = name;
        _management = management;
        AmqpUrl = new UriBuilder(broker.AmqpUrl) { Path = "/" + Uri.EscapeDataString(name) }.Uri;
    }

    public RabbitMqBroker Broker { get; }

    public string Name { get; }

    /// <summary>The URL to give the service as RabbitMq:Url.</summary>
    public Uri AmqpUrl { get; }

    internal static async Task<VirtualHost> CreateAsync(RabbitMqBroker broker)
    {
        var management = CreateManagementClient(broker.ManagementUrl);
        var name = $"test-{Guid.NewGuid():N}";
        var user = Uri.UnescapeDataString(broker.AmqpUrl.UserInfo.Split(':')[0]);
        (await management.PutAsync($"api/vhosts/{name}", null)).EnsureSuccessStatusCode();
        (await management.PutAsJsonAsync($"api/permissions/{name}/{Uri.EscapeDataString(user)}", new { configure = ".*", write = ".*", read = ".*" })).EnsureSuccessStatusCode();
        await WaitUntilRunningAsync(management, name);
        return new VirtualHost(broker, name, management);
    }

    /// <summary>
    /// A new virtual host starts on the broker a moment after it is created; a connection in that moment is
    /// refused with INTERNAL_ERROR (seen when several nodes of one scenario connect at once on a busy broker).
    /// </summary>
    private static Task WaitUntilRunningAsync(HttpClient management, string name) =>
        Waiting.Eventually.UntilMatchesAsync(
            async () =>
            {
                var vhost = await management.GetFromJsonAsync<System.Text.Json.JsonElement>($"api/vhosts/{name}");
                var nodes = vhost.TryGetProperty("cluster_state", out var state) ? state.EnumerateObject().ToList() : [];
                return nodes.Count > 0 && nodes.All(n => n.Value.GetString() == "running") ? null : $"cluster_state: {(nodes.Count == 0 ? "none" : string.Join(", ", nodes))}";
            },
            $"the virtual host {name} to run on the broker",
            TimeSpan.FromSeconds(30));

    /// <summary>Messages ready in the queue and its consumers, asked of the broker with a passive declare; (0, 0) while nothing declared it yet.</summary>
    public async Task<(uint Messages, uint Consumers)> InspectQueueAsync(string queue)
    {
        var factory = new ConnectionFactory { Uri = AmqpUrl };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        try
        {
            var result = await channel.QueueDeclarePassiveAsync(queue);
            return (result.MessageCount, result.ConsumerCount);
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == RabbitMQ.Client.Constants.NotFound)
        {
            return (0, 0);
        }
    }

    /// <summary>Throws the waiting jobs away: what a lost message (or an operator's purge) looks like to the service.</summary>
    public async Task<uint> PurgeQueueAsync(string queue)
    {
        var factory = new ConnectionFactory { Uri = AmqpUrl };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        return await channel.QueuePurgeAsync(queue);
    }

    /// <summary>Deletes a queue with what it holds, as an operator might in the management UI: its consumers are cancelled by the broker.</summary>
    public async Task DeleteQueueAsync(string queue)
    {
        var factory = new ConnectionFactory { Uri = AmqpUrl };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        await channel.QueueDeleteAsync(queue);
    }

    /// <summary>Closes every client connection to this virtual host from the broker's side (CONNECTION_FORCED), as an operator can in the management UI: clients see a lost connection, not one they closed.</summary>
    public async Task CloseConnectionsAsync()
    {
        var connections = await Waiting.Eventually.UntilAsync(
            async () => await _management.GetFromJsonAsync<List<System.Text.Json.JsonElement>>($"api/vhosts/{Uri.EscapeDataString(Name)}/connections") is { Count: > 0 } listed ? listed : null,
            $"the broker to list the connections to {Name}");
        foreach (var connection in connections)
        {
            (await _management.DeleteAsync($"api/connections/{Uri.EscapeDataString(connection.GetProperty("name").GetString()!)}")).EnsureSuccessStatusCode();
        }
    }

    /// <summary>
    /// Empties every queue and gives the virtual host back for a later scenario, which then declares the same queues
    /// without creating them: a quorum queue costs the broker far more to create and delete than to purge (about a
    /// fifth of the checklist's broker CPU). Call it once this scenario's nodes are gone. Deleted instead when anything
    /// is left after the purge (a consumer, or a job a closing consumer handed back late).
    /// </summary>
    public async ValueTask GiveBackAsync()
    {
        try
        {
            var queues = await _management.GetFromJsonAsync<List<System.Text.Json.JsonElement>>($"api/queues/{Uri.EscapeDataString(Name)}?columns=name") ?? [];
            var factory = new ConnectionFactory { Uri = AmqpUrl };
            await using var connection = await factory.CreateConnectionAsync();
            await using var channel = await connection.CreateChannelAsync();
            var empty = true;
            foreach (var queue in queues.Select(q => q.GetProperty("name").GetString()!))
            {
                await channel.QueuePurgeAsync(queue);
                var left = await channel.QueueDeclarePassiveAsync(queue);
                empty &= left.MessageCount == 0 && left.ConsumerCount == 0;
            }

            if (empty)
            {
                Broker.TakeBack(this);
                return;
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or RabbitMQ.Client.Exceptions.RabbitMQClientException or System.Text.Json.JsonException or InvalidOperationException)
        {
            // Not reusable as it is: deleted below, as any other.
        }

        await DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        using (_management)
        {
            await _management.DeleteAsync($"api/vhosts/{Name}");
        }
    }

    private static HttpClient CreateManagementClient(Uri managementUrl)
    {
        var credentials = Uri.UnescapeDataString(managementUrl.UserInfo);
        var client = new HttpClient { BaseAddress = new UriBuilder(managementUrl) { UserName = "", Password = "", Path = "/" }.Uri };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(credentials)));
        return client;
    }
}
