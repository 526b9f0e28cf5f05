using GraphSimulator.Notifications;
using GraphSimulator.Tenants;
using Harness.Testing.Apps;
using Harness.Testing.Waiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Graph.Models;
using Xunit;

namespace GraphSimulator.Tests.Subscriptions;

/// <summary>
/// Graph challenges a subscription by itself (lifecycle notifications): reauthorizationRequired when it is about to
/// expire, once per expiry, and when an administrator revokes the app's permissions.
/// </summary>
public sealed class ReauthorizationConformanceTests : SimulatorTest
{
    private static readonly string Amsterdam = $"room.amsterdam@{DemoTenant.Domain}";

    private async Task<(NotificationEndpointStub Endpoint, Subscription Subscription)> SubscribeAsync(int minutes)
    {
        var endpoint = await NotificationEndpointStub.StartAsync(ValidationAnswer.ExactToken);
        var request = EventsSubscription($"users/{Amsterdam}/events", endpoint.Url);
        request.LifecycleNotificationUrl = endpoint.Url.ToString();
        request.ExpirationDateTime = Clock.GetUtcNow().AddMinutes(minutes);
        return (endpoint, (await Demo.AppOnly().Subscriptions.PostAsync(request))!);
    }

    private Task SettledAsync() =>
        Eventually.UntilAsync(() => Simulator.Services.GetRequiredService<DeliveryScheduler>().IsIdle, "deliveries to settle");

    [Fact]
    public async Task A_subscription_about_to_expire_is_challenged_once_and_again_after_a_renewal()
    {
        var (endpoint, subscription) = await SubscribeAsync(minutes: 120);
        await using var _ = endpoint;

        Clock.Advance(TimeSpan.FromMinutes(30));
        await SettledAsync();
        var early = endpoint.Notifications.Count;
        Clock.Advance(TimeSpan.FromMinutes(31));
        var challenge = await Eventually.UntilAsync(() => Task.FromResult(endpoint.Notifications.FirstOrDefault()), "reauthorizationRequired");
        Clock.Advance(TimeSpan.FromMinutes(10));
        await SettledAsync();

        // Distinct bodies: on a busy machine a POST can outlast Graph's 3 s on the moving clock and be retried.
        var once = endpoint.Notifications.Distinct().Count();
        var renewed = await Demo.AppOnly().Subscriptions[subscription.Id].PatchAsync(new Subscription { ExpirationDateTime = Clock.GetUtcNow().AddMinutes(90) });
        Clock.Advance(TimeSpan.FromMinutes(31));
        var newExpiry = renewed!.ExpirationDateTime!.Value.UtcDateTime.ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture);
        await Eventually.UntilAsync(() => endpoint.Notifications.Any(n => n.Contains(newExpiry, StringComparison.Ordinal)), "a challenge for the new expiry");

        Assert.Equal(0, early);
        Assert.Contains("reauthorizationRequired", challenge, StringComparison.Ordinal);
        Assert.Equal(1, once);
    }

    [Fact]
    public async Task Revoking_the_apps_consent_challenges_its_subscriptions()
    {
        var (endpoint, _) = await SubscribeAsync(minutes: 4000);
        await using var __ = endpoint;
        using var control = Simulator.CreateHttpClient();

        (await control.DeleteAsync($"control/tenants/{Demo.Tenant.Id}/apps/{Demo.Tenant.Apps[0].AppId}/consent")).EnsureSuccessStatusCode();

        var challenge = await Eventually.UntilAsync(() => Task.FromResult(endpoint.Notifications.FirstOrDefault()), "reauthorizationRequired");
        Assert.Contains("reauthorizationRequired", challenge, StringComparison.Ordinal);
    }
}
