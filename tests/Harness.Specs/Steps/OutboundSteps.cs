using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Harness.Specs.Support;
using Harness.Testing.Waiting;
using Microsoft.Graph.Models;
using Reqnroll;
using Xunit;
using Harness.Gherkin.Steps;

namespace Harness.Specs.Steps;

/// <summary>Bookings made and changed in the booking system (admin API), and what the service account's Outlook calendar then shows.</summary>
[Binding]
public sealed class OutboundSteps(ScenarioWorld world)
{
    /// <summary>The booking system (admin API).</summary>
    [StepWaits(Waits.ServiceSettled)]
    [Given("a booking {string} from {string} to {string} is made on the object {string} as {word}")]
    [When("a booking {string} from {string} to {string} is made on the object {string} as {word}")]
    public async Task WhenABookingIsMade(string title, string from, string to, string objectName, string status)
    {
        var booking = await world.Service.AdminPostAsync<JsonElement>("api/admin/bookings", new
        {
            objectId = world.Objects[objectName],
            title,
            start = world.Tomorrow(from),
            end = world.Tomorrow(to),
            status,
            bookerEmail = "reception@contoso.example",
        });
        world.BookingId = booking.GetProperty("id").GetInt32();
        await world.SettleServiceAsync();
    }

    /// <summary>The booking system (admin API).</summary>
    [StepWaits(Waits.ServiceSettled)]
    [When("the booking's status becomes {string}")]
    public async Task WhenTheStatusBecomes(string status)
    {
        using var admin = world.Service.CreateAdminClient();
        (await admin.PutAsJsonAsync($"api/admin/bookings/{world.BookingId}/status", new { status })).EnsureSuccessStatusCode();
        await world.SettleServiceAsync();
    }

    /// <summary>The crash case: the item was written to Outlook (with the booking's transactionId) but never recorded.</summary>
    [StepWaits(Waits.NotificationsPosted)]
    [Given("Outlook already has the item of that booking, written by a worker that stopped before recording it")]
    public async Task GivenTheItemWasWrittenButNotRecorded()
    {
        var booking = await BookingAsync();
        await world.BookMeetingAsync(
            "booking.service", booking.GetProperty("title").GetString()!, booking.GetProperty("start").GetDateTimeOffset(), booking.GetProperty("end").GetDateTimeOffset(),
            transactionId: $"booking-{world.BookingId}");
        await world.SettleAsync();
    }

    /// <summary>Crash and message-loss cases.</summary>
    [Given("the job on {string} is lost")]
    public async Task GivenTheJobIsLost(string queue)
    {
        // The job leaves the outbox for the queue a moment after the commit: lose it once it is there.
        await world.OutboxDrainedAsync();
        Assert.Equal(1u, await (await world.BrokerAsync()).PurgeQueueAsync(queue));
    }

    /// <summary>The calendar as its owner sees it.</summary>
    [Then("the Outlook calendar of {string} shows {string} from {string} to {string} as {word}")]
    public async Task ThenOutlookShows(string account, string subject, string from, string to, string showAs)
    {
        List<Event> seen = [];
        Event? item;
        try
        {
            item = await Eventually.UntilAsync(
                async () => (seen = await ItemsAsync(account, subject)).SingleOrDefault(e => string.Equals(e.ShowAs?.ToString(), showAs, StringComparison.OrdinalIgnoreCase)),
                $"one item \"{subject}\" shown as {showAs} in the calendar of {account}");
        }
        catch (TimeoutException)
        {
            throw new Xunit.Sdk.XunitException($"Expected one item \"{subject}\" shown as {showAs} in the calendar of {account}; it has {seen.Count}: "
                + string.Join("; ", seen.Select(e => $"{e.Subject} {e.Start?.DateTime}-{e.End?.DateTime} {e.ShowAs}")));
        }

        Assert.Single(await ItemsAsync(account, subject));
        Assert.Equal(world.Tomorrow(from).UtcDateTime, DateTime.Parse(item.Start!.DateTime!, CultureInfo.InvariantCulture));
        Assert.Equal(world.Tomorrow(to).UtcDateTime, DateTime.Parse(item.End!.DateTime!, CultureInfo.InvariantCulture));
    }

    /// <summary>The booking's outbound mark and problem.</summary>
    [Then("the booking waits for Outlook, saying {string}")]
    public async Task ThenTheBookingWaits(string reason)
    {
        var booking = await BookingAsync();
        Assert.NotEqual(JsonValueKind.Null, booking.GetProperty("outboundDueAt").ValueKind);
        Assert.Contains(reason, booking.GetProperty("outboundProblem").GetString());
    }

    /// <summary>The booking's outbound mark and problem.</summary>
    [Then("the booking no longer waits for Outlook")]
    public async Task ThenTheBookingIsSent()
    {
        var booking = await BookingAsync();
        Assert.True(booking.GetProperty("outboundDueAt").ValueKind == JsonValueKind.Null && booking.GetProperty("outboundProblem").ValueKind == JsonValueKind.Null, booking.ToString());
    }

    private async Task<JsonElement> BookingAsync()
    {
        using var admin = world.Service.CreateAdminClient();
        return (await admin.GetFromJsonAsync<JsonElement>("api/admin/bookings")).EnumerateArray().Single(b => b.GetProperty("id").GetInt32() == world.BookingId);
    }

    /// <summary>Checked once the service has settled (it had every chance to write the item), so the check can fail.</summary>
    [Then("the Outlook calendar of {string} has no item {string}")]
    public async Task ThenOutlookHasNoItem(string account, string subject)
    {
        await world.SettleServiceAsync();
        var items = await ItemsAsync(account, subject);
        Assert.True(items.Count == 0, $"The calendar of {account} still has {items.Count} item(s) \"{subject}\".");
    }

    /// <summary>The calendar as its owner sees it.</summary>
    [Then("the room {string} has no item {string}")]
    public async Task ThenTheRoomHasNoItem(string room, string subject)
    {
        await world.SettleServiceAsync();
        var events = await (await world.AppGraphAsync()).Users[ScenarioWorld.Mailbox(room)].Events.GetAsync();
        Assert.DoesNotContain(events!.Value!, e => e.Subject == subject);
    }

    /// <summary>Read as the account itself (delegated), the way Outlook shows its calendar.</summary>
    private async Task<List<Event>> ItemsAsync(string account, string subject)
    {
        var graph = await (await world.TenantAsync()).SignedInAsync(account);
        var events = await graph.Me.Events.GetAsync();
        return events!.Value!.Where(e => e.Subject == subject && e.IsCancelled != true).ToList();
    }
}
