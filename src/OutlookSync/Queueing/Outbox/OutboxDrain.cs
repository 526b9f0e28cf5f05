using Microsoft.EntityFrameworkCore;
using OutlookSync.Storage;

namespace OutlookSync.Queueing.Outbox;

/// <summary>For the one-shot command: publish what is in the outbox before exiting, or leave it to the service's relays and say so.</summary>
public static class OutboxDrain
{
    public static async Task<string> RunAsync(IServiceProvider services, TimeSpan budget)
    {
        var relay = services.GetRequiredService<OutboxRelay>();
        using var timeout = new CancellationTokenSource(budget);
        var sent = 0;
        try
        {
            int batch;
            while ((batch = await relay.RelayBatchAsync(timeout.Token)) > 0)
            {
                sent += batch;
            }
        }
        catch (Exception ex) when (ex is QueueUnavailableException or OperationCanceledException)
        {
            await using var scope = services.CreateAsyncScope();
            var left = await scope.ServiceProvider.GetRequiredService<SyncDbContext>().Outbox.CountAsync();
            return $"Published {sent} job(s); {left} wait in the outbox for the service's relay ({ex.Message}).";
        }

        return $"Published {sent} job(s).";
    }
}
