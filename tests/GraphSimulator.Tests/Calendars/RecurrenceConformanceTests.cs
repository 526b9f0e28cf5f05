using GraphSimulator.Tenants;
using Harness.Testing.Apps;
using Harness.Testing.Waiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;
using Sim = GraphSimulator.Calendars;
using Xunit;

namespace GraphSimulator.Tests.Calendars;

/// <summary>
/// Recurring meetings through the official SDK, as Exchange keeps them: a series master with its pattern, its
/// occurrences and exceptions in calendarView and its delta (never the master), a room that decides on the
/// whole series, and change notifications about the master only (an occurrence is not an item of its own).
/// </summary>
public sealed class RecurrenceConformanceTests : CalendarTest
{
    /// <summary>The clock starts on Monday 2 November 2026: Mondays and Wednesdays from the 4th to the 30th are 8 meetings.</summary>
    private static Event Weekly(string subject, string endDate = "2026-11-30", int hour = 10, RecurrenceRangeType range = RecurrenceRangeType.EndDate) => new()
    {
        Subject = subject,
        Start = new DateTimeTimeZone { DateTime = $"2026-11-04T{hour:00}:00:00", TimeZone = "UTC" },
        End = new DateTimeTimeZone { DateTime = $"2026-11-04T{hour:00}:30:00", TimeZone = "UTC" },
        Attendees = [new Attendee { Type = AttendeeType.Resource, EmailAddress = new EmailAddress { Address = Amsterdam, Name = "Amsterdam" } }],
        Recurrence = new PatternedRecurrence
        {
            Pattern = new RecurrencePattern { Type = RecurrencePatternType.Weekly, Interval = 1, DaysOfWeek = [DayOfWeekObject.Monday, DayOfWeekObject.Wednesday] },
            Range = new RecurrenceRange { Type = range, StartDate = new Date(2026, 11, 4), EndDate = range == RecurrenceRangeType.EndDate ? new Date(DateTime.Parse(endDate, System.Globalization.CultureInfo.InvariantCulture)) : null },
        },
    };

    private async Task<List<Event>> RoomView(int days = 40) =>
        (await App.Users[Amsterdam].CalendarView.GetAsync(c =>
        {
            c.QueryParameters.StartDateTime = Clock.GetUtcNow().ToString("o");
            c.QueryParameters.EndDateTime = Clock.GetUtcNow().AddDays(days).ToString("o");
            c.QueryParameters.Top = 100;
        }))!.Value!;

    [Fact]
    public async Task A_weekly_series_is_a_master_with_occurrences_that_calendarView_expands_and_the_room_accepts()
    {
        var master = await Organizer.Me.Events.PostAsync(Weekly("Team sync"));

        Assert.Equal(EventType.SeriesMaster, master!.Type);
        Assert.Equal(RecurrencePatternType.Weekly, master.Recurrence!.Pattern!.Type);
        Assert.Equal(ResponseType.Accepted, Assert.Single(master.Attendees!).Status!.Response);
        var occurrences = await RoomView();
        Assert.Equal(8, occurrences.Count);
        Assert.All(occurrences, o => Assert.Equal(EventType.Occurrence, o.Type));
        Assert.Equal(["2026-11-04", "2026-11-09", "2026-11-11", "2026-11-16", "2026-11-18", "2026-11-23", "2026-11-25", "2026-11-30"], occurrences.Select(o => o.Start!.DateTime![..10]));
        var roomMaster = Assert.Single((await App.Users[Amsterdam].Events.GetAsync())!.Value!);
        Assert.Equal(EventType.SeriesMaster, roomMaster.Type);
        Assert.All(occurrences, o => Assert.Equal(roomMaster.Id, o.SeriesMasterId));
        Assert.Equal(8, occurrences.Select(o => o.ICalUId).Distinct().Count());
        var instances = await Organizer.Me.Events[master.Id].Instances.GetAsync(c =>
        {
            c.QueryParameters.StartDateTime = "2026-11-01T00:00:00Z";
            c.QueryParameters.EndDateTime = "2026-11-12T00:00:00Z";
        });
        Assert.Equal(3, instances!.Value!.Count);
    }

    [Fact]
    public async Task A_series_that_clashes_once_is_declined_whole_and_one_without_end_passes_the_booking_window()
    {
        await Organizer.Me.Events.PostAsync(new Event
        {
            Subject = "Already there",
            Start = new DateTimeTimeZone { DateTime = "2026-11-18T10:00:00", TimeZone = "UTC" },
            End = new DateTimeTimeZone { DateTime = "2026-11-18T11:00:00", TimeZone = "UTC" },
            Attendees = [new Attendee { Type = AttendeeType.Resource, EmailAddress = new EmailAddress { Address = Amsterdam } }],
        });

        var clashing = await Organizer.Me.Events.PostAsync(Weekly("Clashes on the 18th"));
        var endless = await Organizer.Me.Events.PostAsync(Weekly("For ever", hour: 14, range: RecurrenceRangeType.NoEnd));

        Assert.Equal(ResponseType.Declined, clashing!.Attendees![0].Status!.Response);
        Assert.Equal(ResponseType.Declined, endless!.Attendees![0].Status!.Response);
        Assert.Equal("Booking service account", Assert.Single(await RoomView()).Subject);
    }

    [Fact]
    public void A_room_allowing_some_conflicts_accepts_the_series_and_declines_the_clashing_occurrence()
    {
        var room = new RoomSettings(MaximumConflictInstances: 2, ConflictPercentageAllowed: 50);
        Sim.CalendarEvent At(string id, int day, string iCalUId, string type = Sim.EventTypes.Occurrence) => new()
        {
            Id = id, MailboxId = "room", ICalUId = iCalUId, ChangeKey = "k", Type = type,
            Start = new DateTimeOffset(2026, 11, day, 10, 0, 0, TimeSpan.Zero), End = new DateTimeOffset(2026, 11, day, 11, 0, 0, TimeSpan.Zero),
            OriginalStart = new DateTimeOffset(2026, 11, day, 10, 0, 0, TimeSpan.Zero), OccurrenceDate = new DateOnly(2026, 11, day), Organizer = new Sim.EmailAddress("o", "o@x"),
            CreatedDateTime = default, LastModifiedDateTime = default,
        };
        var series = Sim.SeriesIds.NewMasterICalUId();
        var occurrences = new[] { 4, 9, 11 }.Select(d => At($"o{d}", d, Sim.SeriesIds.OccurrenceICalUId(series, new DateOnly(2026, 11, d)))).ToList();
        var roomCalendar = new List<Sim.CalendarEvent> { At("other", 9, "single-meeting", Sim.EventTypes.SingleInstance) };

        var (response, declined) = Sim.RoomAttendant.DecideSeries(room, roomCalendar, occurrences, new DateTimeOffset(2026, 11, 2, 8, 0, 0, TimeSpan.Zero));
        var (defaults, _) = Sim.RoomAttendant.DecideSeries(new RoomSettings(), roomCalendar, occurrences, new DateTimeOffset(2026, 11, 2, 8, 0, 0, TimeSpan.Zero));

        Assert.Equal("accepted", response);
        Assert.Equal([new DateOnly(2026, 11, 9)], declined);
        Assert.Equal("declined", defaults);
    }

    [Fact]
    public async Task Moving_one_occurrence_makes_it_an_exception_and_cancelling_another_removes_it_from_the_view_and_the_delta()
    {
        var master = await Organizer.Me.Events.PostAsync(Weekly("Team sync"));
        var (_, deltaLink) = await DeltaRoundAsync(null);
        var mine = (await Organizer.Me.Events[master!.Id].Instances.GetAsync(c =>
        {
            c.QueryParameters.StartDateTime = "2026-11-01T00:00:00Z";
            c.QueryParameters.EndDateTime = "2026-12-01T00:00:00Z";
        }))!.Value!;

        await Organizer.Me.Events[mine[1].Id].PatchAsync(new Event
        {
            Start = new DateTimeTimeZone { DateTime = "2026-11-09T15:00:00", TimeZone = "UTC" },
            End = new DateTimeTimeZone { DateTime = "2026-11-09T15:30:00", TimeZone = "UTC" },
        });
        await Organizer.Me.Events[mine[2].Id].DeleteAsync();

        var view = await RoomView();
        Assert.Equal(7, view.Count);
        var moved = Assert.Single(view, o => o.Type == EventType.Exception);
        Assert.Equal("2026-11-09T15:00:00", moved.Start!.DateTime![..19]);
        Assert.DoesNotContain(view, o => o.Start!.DateTime!.StartsWith("2026-11-11", StringComparison.Ordinal));
        var (changes, _) = await DeltaRoundAsync(deltaLink);
        Assert.Equal(2, changes.Count);
        Assert.Contains(changes, c => c.Id == moved.Id && c.Type == EventType.Exception);
        Assert.Single(changes, c => c.AdditionalData.ContainsKey("@removed"));
    }

    [Fact]
    public async Task Changing_the_series_time_moves_every_occurrence_keeping_its_id_and_deleting_it_removes_them_all()
    {
        var master = await Organizer.Me.Events.PostAsync(Weekly("Team sync"));
        var (_, deltaLink) = await DeltaRoundAsync(null);
        var ids = (await RoomView()).Select(o => o.Id).ToHashSet();

        await Organizer.Me.Events[master!.Id].PatchAsync(new Event
        {
            Start = new DateTimeTimeZone { DateTime = "2026-11-04T16:00:00", TimeZone = "UTC" },
            End = new DateTimeTimeZone { DateTime = "2026-11-04T16:30:00", TimeZone = "UTC" },
        });
        var (moved, nextLink) = await DeltaRoundAsync(deltaLink);
        await Organizer.Me.Events[master.Id].DeleteAsync();
        var (removed, _) = await DeltaRoundAsync(nextLink);

        Assert.Equal(8, moved.Count);
        Assert.All(moved, o => Assert.Equal("16:00", o.Start!.DateTime![11..16]));
        Assert.Equal(8, removed.Count(r => r.AdditionalData.ContainsKey("@removed")));
        Assert.Empty(await RoomView());
        Assert.Equal(ids, moved.Select(o => o.Id).ToHashSet());
    }

    [Fact]
    public async Task Subscribers_hear_of_the_series_master_only_never_of_occurrences()
    {
        await using var endpoint = await NotificationEndpointStub.StartAsync(ValidationAnswer.ExactToken);
        await App.Subscriptions.PostAsync(EventsSubscription($"users/{Amsterdam}/events", endpoint.Url));

        await Organizer.Me.Events.PostAsync(Weekly("Team sync"));
        var roomMaster = Assert.Single((await App.Users[Amsterdam].Events.GetAsync())!.Value!);

        var body = await Eventually.UntilAsync(() => Task.FromResult(endpoint.Notifications.FirstOrDefault()), "a notification at the endpoint");
        await Eventually.UntilAsync(() => Simulator.Services.GetRequiredService<GraphSimulator.Notifications.DeliveryScheduler>().IsIdle, "deliveries to settle");
        Assert.Contains(roomMaster.Id!, body);
        Assert.Single(endpoint.Notifications);
    }

    [Fact]
    public async Task A_recurrence_Graph_would_refuse_is_answered_400()
    {
        var noDays = Weekly("No days");
        noDays.Recurrence!.Pattern!.DaysOfWeek = [];
        var backwards = Weekly("Ends before it starts", endDate: "2026-11-01");

        var e1 = await Assert.ThrowsAsync<ODataError>(() => Organizer.Me.Events.PostAsync(noDays));
        var e2 = await Assert.ThrowsAsync<ODataError>(() => Organizer.Me.Events.PostAsync(backwards));

        Assert.Equal((400, "ErrorInvalidRequest"), (e1.ResponseStatusCode, e1.Error!.Code));
        Assert.Equal((400, "ErrorInvalidRequest"), (e2.ResponseStatusCode, e2.Error!.Code));
        Assert.Empty(await RoomView());
    }

}
