using System.Net.Http.Json;
using System.Text.Json;
using Harness.Specs.Support;
using Harness.Testing.Waiting;
using Reqnroll;
using Xunit;

namespace Harness.Specs.Steps;

/// <summary>What the booking system holds, read through the admin API; meetings changed "in Outlook" through the simulator.</summary>
[Binding]
public sealed class BookingSteps(ScenarioWorld world)
{
    [When("the meeting is moved to {string}")]
    public async Task WhenMoved(string time)
    {
        var start = world.Tomorrow(time);
        using var control = world.Simulator.CreateHttpClient();
        var response = await control.PatchAsJsonAsync($"control/mailboxes/{ScenarioWorld.Mailbox("booking.service")}/meetings/{world.MeetingId}", new
        {
            start = new { dateTime = start.ToString("s"), timeZone = "UTC" },
            end = new { dateTime = start.AddHours(1).ToString("s"), timeZone = "UTC" },
        });
        response.EnsureSuccessStatusCode();
        await world.SettleAsync();
    }

    [When("the meeting is cancelled")]
    public async Task WhenCancelled()
    {
        using var control = world.Simulator.CreateHttpClient();
        (await control.DeleteAsync($"control/mailboxes/{ScenarioWorld.Mailbox("booking.service")}/meetings/{world.MeetingId}")).EnsureSuccessStatusCode();
        await world.SettleAsync();
    }

    [Then("the object {string} has a {word} booking from {string} to {string}")]
    public Task ThenBooking(string objectName, string status, string from, string to) =>
        Eventually.UntilAsync(
            async () => (await BookingsAsync(objectName)).Any(b =>
                string.Equals(b.GetProperty("status").ToString(), status, StringComparison.OrdinalIgnoreCase)
                && b.GetProperty("start").GetDateTimeOffset() == world.Tomorrow(from)
                && b.GetProperty("end").GetDateTimeOffset() == world.Tomorrow(to)) ? "found" : null,
            $"a {status} booking of {objectName} from {from} to {to}");

    [Then("the object {string} has a {word} booking from {string} to {string} titled {string}")]
    public Task ThenTitledBooking(string objectName, string status, string from, string to, string title) =>
        Eventually.UntilAsync(
            async () => (await BookingsAsync(objectName)).Any(b =>
                string.Equals(b.GetProperty("status").ToString(), status, StringComparison.OrdinalIgnoreCase)
                && b.GetProperty("title").GetString() == title
                && b.GetProperty("start").GetDateTimeOffset() == world.Tomorrow(from)
                && b.GetProperty("end").GetDateTimeOffset() == world.Tomorrow(to)) ? "found" : null,
            $"a {status} booking of {objectName} from {from} to {to} titled {title}");

    [Then("the service recognised {int} duplicate delivery/deliveries without asking Graph again")]
    public async Task ThenDuplicatesSkipped(int count)
    {
        await world.SettleServiceAsync();
        using var admin = world.Service.CreateAdminClient();
        var status = await admin.GetFromJsonAsync<JsonElement>("api/admin/status");
        Assert.Equal(count, status.GetProperty("thisNode").GetProperty("duplicatesSkipped").GetInt64());
    }

    /// <summary>A negative check that can fail: first the service settles (nothing queued or running), then the whole set is compared once.</summary>
    [Then("once the service has settled, the object {string} has only a {word} booking from {string} to {string}")]
    public async Task ThenOnlyBooking(string objectName, string status, string from, string to)
    {
        await world.SettleServiceAsync();
        var bookings = await BookingsAsync(objectName);
        var booking = Assert.Single(bookings);
        Assert.True(string.Equals(booking.GetProperty("status").ToString(), status, StringComparison.OrdinalIgnoreCase)
            && booking.GetProperty("start").GetDateTimeOffset() == world.Tomorrow(from) && booking.GetProperty("end").GetDateTimeOffset() == world.Tomorrow(to),
            $"Expected only a {status} booking from {from} to {to}; the object has: {booking}");
    }

    [Then("the object {string} has {int} booking(s)")]
    public async Task ThenCount(string objectName, int count)
    {
        await world.SettleServiceAsync();
        Assert.Equal(count, (await BookingsAsync(objectName)).Count);
    }

    private async Task<List<JsonElement>> BookingsAsync(string objectName)
    {
        using var admin = world.Service.CreateAdminClient();
        var bookings = await admin.GetFromJsonAsync<JsonElement>($"api/admin/bookings?objectId={world.Objects[objectName]}");
        return bookings.EnumerateArray().ToList();
    }
}
