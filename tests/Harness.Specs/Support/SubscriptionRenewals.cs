using System.Net.Http.Json;
using System.Text.Json;
using Harness.Testing.Apps;
using Xunit;

namespace Harness.Specs.Support;

/// <summary>A subscription's renewals as the simulator logged them (control API), and the check that each came in time.</summary>
public static class SubscriptionRenewals
{
    public static async Task<List<JsonElement>> OfAsync(SimulatorApp simulator, string subscriptionId)
    {
        using var control = simulator.CreateHttpClient();
        var response = await control.GetAsync($"control/subscriptions/{subscriptionId}/renewals");
        Assert.True(response.IsSuccessStatusCode, $"the subscription {subscriptionId} is not active at the simulator: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("value").EnumerateArray().ToList();
    }

    /// <summary>Each PATCH came while the subscription was alive and at most <paramref name="days"/> from its expiry (a second, duplicate renewal comes with 3 days left).</summary>
    public static void AssertEachWithin(IReadOnlyList<JsonElement> renewals, int days, string subscription) =>
        Assert.All(renewals, r =>
        {
            var left = r.GetProperty("previousExpirationDateTime").GetDateTimeOffset() - r.GetProperty("at").GetDateTimeOffset();
            Assert.True(left > TimeSpan.Zero && left <= TimeSpan.FromDays(days), $"{subscription} renewed at {r.GetProperty("at")} with {left} left before expiry");
        });
}
