using System.Net.Http.Json;
using Harness.Testing.Apps;
using Microsoft.Extensions.DependencyInjection;

namespace OutlookSync.Tests.Webhooks;

/// <summary>Subscriptions written straight into a service's database, for tests that post notifications to its webhook.</summary>
public static class WebhookSeeds
{
    /// <summary>Two subscriptions the service "created": sub-a (clientState cs-a) and sub-b (cs-b).</summary>
    public static async Task SubscriptionsAsync(SyncServiceApp service, bool active)
    {
        await using var scope = service.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OutlookSync.Storage.SyncDbContext>();
        var secrets = scope.ServiceProvider.GetRequiredService<OutlookSync.Integrations.SecretProtector>();
        var room = new OutlookSync.Bookings.BookableObject { Name = "Room" };
        db.Objects.Add(room);
        var integration = new OutlookSync.Integrations.Integration { Name = "test", TenantId = Guid.NewGuid().ToString(), ClientId = Guid.NewGuid().ToString(), Active = active };
        db.Integrations.Add(integration);
        await db.SaveChangesAsync();
        foreach (var (id, state) in new[] { ("sub-a", "cs-a"), ("sub-b", "cs-b") })
        {
            var mapping = new OutlookSync.Integrations.CalendarMapping { IntegrationId = integration.Id, ObjectId = room.Id, Mailbox = id + "@rooms.test" };
            db.Mappings.Add(mapping);
            await db.SaveChangesAsync();
            db.Subscriptions.Add(new OutlookSync.Subscriptions.GraphSubscription { Id = id, MappingId = mapping.Id, ProtectedClientState = secrets.Protect(state), ExpiresAt = DateTimeOffset.MaxValue });
        }

        await db.SaveChangesAsync();
    }

    /// <summary>Graph's POST of one "created" notification for event <paramref name="eventId"/> of sub-a (clientState cs-a).</summary>
    public static Task<HttpResponseMessage> PostNotificationAsync(HttpClient http, string eventId) =>
        http.PostAsJsonAsync(OutlookSync.Webhooks.OutlookWebhookEndpoint.Path, new { value = new[] { new { subscriptionId = "sub-a", changeType = "created", clientState = "cs-a", resource = $"Users/u/Events/{eventId}", resourceData = new { id = eventId } } } });
}
