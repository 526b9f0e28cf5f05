using Harness.Testing.Waiting;
using Microsoft.Graph.Models;
using Xunit;

namespace GraphSimulator.Tests.Calendars;

/// <summary>
/// The room's booking attendant answers seconds after the organizer's request, never inside it: the POST shows the
/// room's status "none" and the room's calendar unchanged until the delay has passed on the simulated clock; a
/// moved occurrence of a series is answered the same way.
/// </summary>
public sealed class RoomAnswerTimingTests : CalendarTest
{
    protected override IReadOnlyDictionary<string, string?>? Settings => new Dictionary<string, string?>
    {
        ["Simulator:RoomAnswerDelay"] = "00:00:05",
        ["Simulator:NotificationLatency"] = "00:00:00",
    };

    private async Task<List<Event>> RoomView() =>
        (await App.Users[Amsterdam].CalendarView.GetAsync(c =>
        {
            c.QueryParameters.StartDateTime = "2026-11-01T00:00:00Z";
            c.QueryParameters.EndDateTime = "2026-11-30T00:00:00Z";
        }))!.Value!;

    private static Event Meeting(PatternedRecurrence? recurrence = null) => new()
    {
        Subject = "Later",
        Start = new DateTimeTimeZone { DateTime = "2026-11-04T10:00:00", TimeZone = "UTC" },
        End = new DateTimeTimeZone { DateTime = "2026-11-04T10:30:00", TimeZone = "UTC" },
        Attendees = [new Attendee { Type = AttendeeType.Resource, EmailAddress = new EmailAddress { Address = Amsterdam } }],
        Recurrence = recurrence,
    };

    [Fact]
    public async Task The_room_answers_after_the_request_and_the_organizers_item_then_shows_it()
    {
        var created = await Organizer.Me.Events.PostAsync(Meeting());
        var before = await RoomView();

        Clock.Advance(TimeSpan.FromSeconds(5));
        await Eventually.UntilAsync(async () => (await RoomView()).Count == 1 ? "booked" : null, "the room's answer");
        var after = await Organizer.Me.Events[created!.Id].GetAsync();

        Assert.Equal(ResponseType.None, created.Attendees![0].Status!.Response);
        Assert.Empty(before);
        Assert.Equal(ResponseType.Accepted, after!.Attendees![0].Status!.Response);
    }

    [Fact]
    public async Task A_moved_occurrence_is_answered_later_too()
    {
        var master = await Organizer.Me.Events.PostAsync(Meeting(new PatternedRecurrence
        {
            Pattern = new RecurrencePattern { Type = RecurrencePatternType.Daily, Interval = 1 },
            Range = new RecurrenceRange { Type = RecurrenceRangeType.Numbered, StartDate = new Microsoft.Kiota.Abstractions.Date(2026, 11, 4), NumberOfOccurrences = 3 },
        }));
        Clock.Advance(TimeSpan.FromSeconds(5));
        await Eventually.UntilAsync(async () => (await RoomView()).Count == 3 ? "booked" : null, "the room's answer to the series");
        var second = (await Organizer.Me.Events[master!.Id].Instances.GetAsync(c =>
        {
            c.QueryParameters.StartDateTime = "2026-11-05T00:00:00Z";
            c.QueryParameters.EndDateTime = "2026-11-06T00:00:00Z";
        }))!.Value!.Single();

        var moved = await Organizer.Me.Events[second.Id].PatchAsync(new Event
        {
            Start = new DateTimeTimeZone { DateTime = "2026-11-05T15:00:00", TimeZone = "UTC" },
            End = new DateTimeTimeZone { DateTime = "2026-11-05T15:30:00", TimeZone = "UTC" },
        });
        var roomBefore = (await RoomView()).Single(e => e.Start!.DateTime!.StartsWith("2026-11-05", StringComparison.Ordinal));
        Clock.Advance(TimeSpan.FromSeconds(5));
        await Eventually.UntilAsync(async () => (await RoomView()).Any(e => e.Start!.DateTime!.StartsWith("2026-11-05T15", StringComparison.Ordinal)) ? "moved" : null, "the room's answer to the move");

        Assert.Equal(ResponseType.None, moved!.Attendees![0].Status!.Response);
        Assert.StartsWith("2026-11-05T10", roomBefore.Start!.DateTime, StringComparison.Ordinal);
    }
}
