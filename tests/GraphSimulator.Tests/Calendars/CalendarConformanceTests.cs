using GraphSimulator.Tenants;
using Harness.Testing.Apps;
using Harness.Testing.Waiting;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Graph.Users.Item.CalendarView.Delta;
using Xunit;

namespace GraphSimulator.Tests.Calendars;

/// <summary>
/// Meetings booked by the signed-in service account (delegated) and read from the rooms app-only,
/// through the official SDK: the booking attendant, calendarView, delta rounds and their errors.
/// </summary>
public sealed class CalendarConformanceTests : CalendarTest
{
    private Event Meeting(string subject, int dayOffset, int hour, int minutes = 60, string room = "amsterdam") => new()
    {
        Subject = subject,
        Start = new DateTimeTimeZone { DateTime = Clock.GetUtcNow().Date.AddDays(dayOffset).AddHours(hour).ToString("yyyy-MM-ddTHH:mm:ss"), TimeZone = "UTC" },
        End = new DateTimeTimeZone { DateTime = Clock.GetUtcNow().Date.AddDays(dayOffset).AddHours(hour).AddMinutes(minutes).ToString("yyyy-MM-ddTHH:mm:ss"), TimeZone = "UTC" },
        Attendees = [new Attendee { Type = AttendeeType.Resource, EmailAddress = new EmailAddress { Address = $"room.{room}@{DemoTenant.Domain}", Name = room } }],
    };

    private Task<EventCollectionResponse?> RoomView(int days = 30) =>
        App.Users[Amsterdam].CalendarView.GetAsync(c =>
        {
            c.QueryParameters.StartDateTime = Clock.GetUtcNow().ToString("o");
            c.QueryParameters.EndDateTime = Clock.GetUtcNow().AddDays(days).ToString("o");
        });

    [Fact]
    public async Task A_meeting_that_invites_a_free_room_is_accepted_and_lands_on_the_rooms_calendar()
    {
        var created = await Organizer.Me.Events.PostAsync(Meeting("Sprint review", 1, 10));

        Assert.Equal(ResponseType.Accepted, Assert.Single(created!.Attendees!).Status!.Response);
        var roomCopy = Assert.Single((await RoomView())!.Value!);
        Assert.Equal(created.ICalUId, roomCopy.ICalUId);
        Assert.NotEqual(created.Id, roomCopy.Id);
        Assert.Equal("Booking service account", roomCopy.Subject);
    }

    [Fact]
    public async Task A_conflicting_meeting_and_one_beyond_the_booking_window_are_declined()
    {
        await Organizer.Me.Events.PostAsync(Meeting("First", 1, 10));

        var conflicting = await Organizer.Me.Events.PostAsync(Meeting("Overlapping", 1, 10, minutes: 30));
        var tooFar = await Organizer.Me.Events.PostAsync(Meeting("Next year", 181, 10));

        Assert.Equal(ResponseType.Declined, conflicting!.Attendees![0].Status!.Response);
        Assert.Equal(ResponseType.Declined, tooFar!.Attendees![0].Status!.Response);
        Assert.Single((await RoomView(365))!.Value!);
    }

    [Fact]
    public async Task Posting_twice_with_the_same_transactionId_creates_one_meeting()
    {
        Event Retried()
        {
            var meeting = Meeting("Retried", 2, 9);
            meeting.TransactionId = "tx-42";
            return meeting;
        }

        // A fresh object each time: the SDK's backing store sends only changed values on a reused one.
        var first = await Organizer.Me.Events.PostAsync(Retried());
        var second = await Organizer.Me.Events.PostAsync(Retried());

        Assert.Equal(first!.Id, second!.Id);
        Assert.Single((await RoomView())!.Value!);
    }

    [Fact]
    public async Task Delta_pages_to_a_deltaLink_then_returns_only_the_changes_with_removals()
    {
        var one = await Organizer.Me.Events.PostAsync(Meeting("One", 1, 9));
        var two = await Organizer.Me.Events.PostAsync(Meeting("Two", 2, 9));
        await Organizer.Me.Events.PostAsync(Meeting("Three", 3, 9));

        var (first, deltaLink) = await DeltaRoundAsync(null);
        Assert.Equal(3, first.Count);

        await Organizer.Me.Events[one!.Id].PatchAsync(new Event { Start = Meeting("", 4, 14).Start, End = Meeting("", 4, 14).End });
        await Organizer.Me.Events[two!.Id].DeleteAsync();
        var (changes, _) = await DeltaRoundAsync(deltaLink);

        var removed = Assert.Single(changes, e => e.AdditionalData.ContainsKey("@removed"));
        var moved = Assert.Single(changes, e => !e.AdditionalData.ContainsKey("@removed"));
        Assert.Equal(Clock.GetUtcNow().Date.AddDays(4).AddHours(14), DateTime.Parse(moved.Start!.DateTime!));
        Assert.Contains(first, e => e.Id == moved.Id);
        Assert.Contains(first, e => e.Id == removed.Id);
    }

    [Fact]
    public async Task An_expired_delta_token_is_410_syncStateNotFound_so_the_client_resyncs()
    {
        var (_, deltaLink) = await DeltaRoundAsync(null);
        Clock.Advance(TimeSpan.FromDays(31));

        var error = await Assert.ThrowsAsync<ODataError>(() => DeltaRoundAsync(deltaLink));

        Assert.Equal(410, error.ResponseStatusCode);
        Assert.Equal("syncStateNotFound", error.Error!.Code);
    }

    [Fact]
    public async Task A_change_in_a_subscribed_room_is_notified_to_the_subscriber()
    {
        await using var endpoint = await NotificationEndpointStub.StartAsync(ValidationAnswer.ExactToken);
        var subscription = await App.Subscriptions.PostAsync(new Subscription
        {
            ChangeType = "created,updated,deleted",
            Resource = $"users/{Amsterdam}/events",
            NotificationUrl = endpoint.Url.ToString(),
            ExpirationDateTime = Clock.GetUtcNow().AddDays(2),
            ClientState = "room-state",
        });

        await Organizer.Me.Events.PostAsync(Meeting("Notify me", 1, 11));

        var body = await Eventually.UntilAsync(() => Task.FromResult(endpoint.Notifications.FirstOrDefault()), "a notification at the endpoint");
        Assert.Contains(subscription!.Id!, body);
        Assert.Contains("\"changeType\":\"created\"", body);
        Assert.Contains("room-state", body);
    }

    [Fact]
    public async Task Invalid_event_bodies_and_missing_windows_are_refused_with_Graphs_codes()
    {
        var backwards = Meeting("Backwards", 1, 10);
        backwards.End = backwards.Start;
        var badZone = Meeting("Zone", 1, 10);
        badZone.Start!.TimeZone = "Mars/Olympus";

        var e1 = await Assert.ThrowsAsync<ODataError>(() => Organizer.Me.Events.PostAsync(backwards));
        var e2 = await Assert.ThrowsAsync<ODataError>(() => Organizer.Me.Events.PostAsync(badZone));
        var e3 = await Assert.ThrowsAsync<ODataError>(() => App.Users[Amsterdam].CalendarView.GetAsync());
        var e4 = await Assert.ThrowsAsync<ODataError>(() => Organizer.Me.Events["AAMkAGno-such-event-but-well-formed"].GetAsync());
        var e5 = await Assert.ThrowsAsync<ODataError>(() => Organizer.Me.Events["no-such-event"].GetAsync());

        Assert.Equal((400, "ErrorInvalidRequest"), (e1.ResponseStatusCode, e1.Error!.Code));
        Assert.Equal((400, "TimeZoneNotSupportedException"), (e2.ResponseStatusCode, e2.Error!.Code));
        Assert.Equal((400, "ErrorInvalidParameter"), (e3.ResponseStatusCode, e3.Error!.Code));
        Assert.Equal((404, "ErrorItemNotFound"), (e4.ResponseStatusCode, e4.Error!.Code));
        Assert.Equal((400, "ErrorInvalidIdMalformed"), (e5.ResponseStatusCode, e5.Error!.Code));
        Assert.Empty((await RoomView())!.Value!);
    }

}
