using System.Net.Http.Json;
using System.Text.Json;
using Harness.Specs.Support;
using Harness.Testing.Waiting;
using Reqnroll;
using Xunit;
using Harness.Gherkin.Steps;

namespace Harness.Specs.Steps;

/// <summary>What the booking system holds, read through the admin API; meetings changed "in Outlook" through the simulator.</summary>
[Binding]
public sealed class BookingSteps(ScenarioWorld world)
{
    /// <summary>The organizer changes it in Outlook.</summary>
    [StepWaits(Waits.NotificationsPosted)]
    [When("the meeting is moved to {string}")]
    public async Task WhenMoved(string time)
    {
        var start = world.Tomorrow(time);
        await world.MoveMeetingAsync("booking.service", world.MeetingId!, start, start.AddHours(1));
        await world.SettleAsync();
    }

    /// <summary>The organizer changes it in Outlook.</summary>
    [StepWaits(Waits.NotificationsPosted)]
    [When("the meeting is cancelled")]
    public async Task WhenCancelled()
    {
        await world.CancelMeetingAsync("booking.service", world.MeetingId!);
        await world.SettleAsync();
    }

    /// <summary>Bookings (times are tomorrow, UTC): one with this status and times; polls until it is there, else lists the object's bookings.</summary>
    [Then("the object {string} has a {word} booking from {string} to {string}")]
    public Task ThenBooking(string objectName, string status, string from, string to) =>
        UntilBookingAsync(objectName, status, world.Tomorrow(from), world.Tomorrow(to), title: null);

    /// <summary>Bookings (times are tomorrow, UTC): one with this status, times and title; polls until it is there, else lists the object's bookings.</summary>
    [Then("the object {string} has a {word} booking from {string} to {string} titled {string}")]
    public Task ThenTitledBooking(string objectName, string status, string from, string to, string title) =>
        UntilBookingAsync(objectName, status, world.Tomorrow(from), world.Tomorrow(to), title);

    /// <summary>Bookings so many days from today (UTC): one with this status and times; polls until it is there, else lists the object's bookings.</summary>
    [Then("the object {string} has a {word} booking in {int} day(s) from {string} to {string}")]
    public Task ThenBookingInDays(string objectName, string status, int days, string from, string to) =>
        UntilBookingAsync(objectName, status, world.InDays(days, from), world.InDays(days, to), title: null);

    /// <summary>The status's duplicate count.</summary>
    [Then("the service recognised {int} duplicate delivery/deliveries without asking Graph again")]
    public async Task ThenDuplicatesSkipped(int count)
    {
        await world.SettleServiceAsync();
        var status = await world.StatusAsync();
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

    /// <summary>A negative check that can fail: first the service settles, then no booking of the object may be other than cancelled.</summary>
    [Then("once the service has settled, the object {string} has no active booking")]
    public async Task ThenNoActiveBooking(string objectName)
    {
        await world.SettleServiceAsync();
        var active = (await BookingsAsync(objectName)).Where(b => !string.Equals(b.GetProperty("status").ToString(), "Cancelled", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.True(active.Count == 0, $"Expected no active booking of {objectName}; it has: {string.Join("; ", active)}");
    }

    /// <summary>Bookings (times are tomorrow, UTC).</summary>
    [Then("the object {string} has {int} booking(s)")]
    public async Task ThenCount(string objectName, int count)
    {
        await world.SettleServiceAsync();
        Assert.Equal(count, (await BookingsAsync(objectName)).Count);
    }

    /// <summary>So many bookings with this status (e.g. the occurrences of a series); polls until there are, then checks again once the service has settled.</summary>
    [Then("the object {string} has {int} {word} booking(s)")]
    public async Task ThenCountWithStatus(string objectName, int count, string status)
    {
        List<JsonElement> seen = [];
        bool Matches() => seen.Count(b => string.Equals(b.GetProperty("status").ToString(), status, StringComparison.OrdinalIgnoreCase)) == count;
        string Found() => seen.Count == 0 ? "no booking at all" : string.Join("; ", seen.Select(Describe));
        await Eventually.UntilMatchesAsync(
            async () =>
            {
                await world.SettleAsync();
                seen = await BookingsAsync(objectName);
                return Matches() ? null : Found();
            },
            $"{count} {status} booking(s) of {objectName}");
        await world.SettleServiceAsync();
        seen = await BookingsAsync(objectName);
        Assert.True(Matches(), $"Expected {count} {status} booking(s) of {objectName} once the service had settled; it has: {Found()}");
    }

    /// <summary>Each booking of the object came from an occurrence of a recurring Outlook meeting (it carries the series' id).</summary>
    [Then("every booking of the object {string} is linked to its Outlook series")]
    public async Task ThenLinkedToSeries(string objectName)
    {
        var bookings = await BookingsAsync(objectName);
        Assert.True(bookings.Count > 0 && bookings.All(b => b.GetProperty("outlookSeriesId").ValueKind == JsonValueKind.String),
            $"Expected every booking of {objectName} to carry its Outlook series id; it has: {string.Join("; ", bookings.Select(b => $"{Describe(b)} series {b.GetProperty("outlookSeriesId")}"))}");
    }

    private static string Describe(JsonElement b) =>
        $"{b.GetProperty("status")} {b.GetProperty("start").GetDateTimeOffset():yyyy-MM-dd HH:mm}–{b.GetProperty("end").GetDateTimeOffset():HH:mm} \"{b.GetProperty("title").GetString()}\"";

    /// <summary>Polls the object's bookings for one like this; a failure says what was expected and every booking it found.</summary>
    private async Task UntilBookingAsync(string objectName, string status, DateTimeOffset start, DateTimeOffset end, string? title)
    {
        var seen = new List<JsonElement>();
        bool Wanted(JsonElement b) =>
            string.Equals(b.GetProperty("status").ToString(), status, StringComparison.OrdinalIgnoreCase)
            && b.GetProperty("start").GetDateTimeOffset() == start && b.GetProperty("end").GetDateTimeOffset() == end
            && (title is null || b.GetProperty("title").GetString() == title);
        try
        {
            await Eventually.UntilAsync(
                async () =>
                {
                    // Graph's part first: rooms answer and notifications on their way are posted (the clock jumps only that far).
                    await world.SettleAsync();
                    return (seen = await BookingsAsync(objectName)).Any(Wanted) ? "found" : null;
                },
                $"a {status} booking of {objectName}");
        }
        catch (TimeoutException)
        {
            var found = seen.Count == 0 ? "none" : string.Join("; ", seen.Select(Describe));
            Assert.Fail($"Expected a {status} booking of {objectName} {start:yyyy-MM-dd HH:mm}–{end:HH:mm}{(title is null ? "" : $" titled \"{title}\"")} (waited {Eventually.DefaultTimeout.TotalSeconds:0} s); its bookings: {found}.");
        }
    }

    private async Task<List<JsonElement>> BookingsAsync(string objectName)
    {
        using var admin = world.Service.CreateAdminClient();
        var bookings = await admin.GetFromJsonAsync<JsonElement>($"api/admin/bookings?objectId={world.Objects[objectName]}");
        return bookings.EnumerateArray().ToList();
    }
}
