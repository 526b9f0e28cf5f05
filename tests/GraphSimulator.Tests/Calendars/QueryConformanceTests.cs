using GraphSimulator.Tenants;
using Harness.Testing.Apps;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Xunit;

namespace GraphSimulator.Tests.Calendars;

/// <summary>
/// OData query options, time zones, concurrency and all-day events through the official SDK: what the simulator
/// supports it applies, and what it does not it refuses with 400 instead of answering everything.
/// </summary>
public sealed class QueryConformanceTests : CalendarTest
{
    private async Task<Event> BookAsync(string subject, int day, int hour, bool allDay = false) =>
        (await Organizer.Me.Events.PostAsync(new Event
        {
            Subject = subject,
            IsAllDay = allDay,
            Start = new DateTimeTimeZone { DateTime = $"2026-11-{day:00}T{hour:00}:00:00", TimeZone = "UTC" },
            End = new DateTimeTimeZone { DateTime = allDay ? $"2026-11-{day + 1:00}T00:00:00" : $"2026-11-{day:00}T{hour + 1:00}:00:00", TimeZone = "UTC" },
        }))!;

    [Fact]
    public async Task Filter_orderby_select_and_top_are_applied()
    {
        var first = await BookAsync("Alpha", 3, 9);
        await BookAsync("Beta", 4, 10);
        await BookAsync("Gamma", 5, 11);

        var byUid = await Organizer.Me.Events.GetAsync(c => c.QueryParameters.Filter = $"iCalUId eq '{first.ICalUId}'");
        var later = await Organizer.Me.Events.GetAsync(c =>
        {
            c.QueryParameters.Filter = "start/dateTime ge '2026-11-04T00:00:00' and (subject eq 'Gamma' or subject eq 'Beta') and isCancelled eq false";
            c.QueryParameters.Orderby = ["start/dateTime desc"];
            c.QueryParameters.Select = ["subject", "start"];
        });
        var top = await Organizer.Me.Events.GetAsync(c =>
        {
            c.QueryParameters.Orderby = ["subject"];
            c.QueryParameters.Top = 1;
        });

        Assert.Equal("Alpha", Assert.Single(byUid!.Value!).Subject);
        Assert.Equal(["Gamma", "Beta"], later!.Value!.Select(e => e.Subject));
        Assert.All(later.Value!, e => Assert.Null(e.Organizer));
        Assert.Equal("Alpha", Assert.Single(top!.Value!).Subject);
        Assert.NotNull(top.OdataNextLink);
    }

    [Fact]
    public async Task A_query_the_simulator_cannot_run_is_refused_with_400_never_answered_in_full()
    {
        await BookAsync("Alpha", 3, 9);

        var function = await Assert.ThrowsAsync<ODataError>(() => Organizer.Me.Events.GetAsync(c => c.QueryParameters.Filter = "startswith(subject,'Al')"));
        var property = await Assert.ThrowsAsync<ODataError>(() => Organizer.Me.Events.GetAsync(c => c.QueryParameters.Filter = "colour eq 'red'"));
        var syntax = await Assert.ThrowsAsync<ODataError>(() => Organizer.Me.Events.GetAsync(c => c.QueryParameters.Filter = "subject eq 'Alpha"));
        var search = await Assert.ThrowsAsync<ODataError>(() => Organizer.Me.Events.GetAsync(c => c.QueryParameters.Search = "\"Alpha\""));
        var delta = await Assert.ThrowsAsync<ODataError>(() => Organizer.Me.CalendarView.Delta.GetAsDeltaGetResponseAsync(c =>
        {
            c.QueryParameters.StartDateTime = "2026-11-01T00:00:00Z";
            c.QueryParameters.EndDateTime = "2026-11-30T00:00:00Z";
            c.QueryParameters.Filter = "subject eq 'Alpha'";
        }));

        Assert.All(new[] { function, property, syntax, search, delta }, e => Assert.Equal((400, "BadRequest"), (e.ResponseStatusCode, e.Error!.Code)));
        Assert.Contains("colour", property.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prefer_outlook_timezone_writes_times_in_that_zone_by_Windows_or_IANA_name()
    {
        var meeting = await BookAsync("Zoned", 3, 9);

        var pacific = await Organizer.Me.Events[meeting.Id].GetAsync(c => c.Headers.Add("Prefer", "outlook.timezone=\"Pacific Standard Time\""));
        var amsterdam = await Organizer.Me.Events[meeting.Id].GetAsync(c => c.Headers.Add("Prefer", "outlook.timezone=\"Europe/Amsterdam\""));
        using var http = new HttpClient(SimulatorApp.CreateTrustingHandler()) { BaseAddress = Simulator.BaseAddress };
        using var raw = new HttpRequestMessage(HttpMethod.Get, $"v1.0/users/room.amsterdam@{DemoTenant.Domain}/calendarView?startDateTime=2026-11-01T00:00:00Z&endDateTime=2026-11-30T00:00:00Z");
        raw.Headers.Authorization = new("Bearer", await RawTokens.AppOnlyAsync(http));
        raw.Headers.Add("Prefer", "outlook.timezone=\"Pacific Standard Time\"");
        using var answer = await http.SendAsync(raw);

        Assert.Equal(("2026-11-03T01:00:00", "Pacific Standard Time"), (pacific!.Start!.DateTime![..19], pacific.Start.TimeZone));
        Assert.Equal(("2026-11-03T10:00:00", "Europe/Amsterdam"), (amsterdam!.Start!.DateTime![..19], amsterdam.Start.TimeZone));
        Assert.True(answer.IsSuccessStatusCode, $"{(int)answer.StatusCode}");
        Assert.Contains("outlook.timezone=\"Pacific Standard Time\"", answer.Headers.GetValues("Preference-Applied"));
    }

    [Fact]
    public async Task An_update_with_a_stale_etag_is_refused_with_412_and_changes_nothing()
    {
        var meeting = await BookAsync("Contested", 3, 9);
        await Organizer.Me.Events[meeting.Id].PatchAsync(new Event { Subject = "Changed by someone else" });

        var stale = await Assert.ThrowsAsync<ODataError>(() => Organizer.Me.Events[meeting.Id].PatchAsync(new Event { Subject = "Mine" }, c => c.Headers.Add("If-Match", $"W/\"{meeting.ChangeKey}\"")));
        var current = await Organizer.Me.Events[meeting.Id].GetAsync();
        var fresh = await Organizer.Me.Events[meeting.Id].PatchAsync(new Event { Subject = "Mine" }, c => c.Headers.Add("If-Match", $"W/\"{current!.ChangeKey}\""));

        Assert.Equal((412, "ErrorIrresolvableConflict"), (stale.ResponseStatusCode, stale.Error!.Code));
        Assert.Equal("Changed by someone else", current!.Subject);
        Assert.Equal("Mine", fresh!.Subject);
    }

    [Fact]
    public async Task An_all_day_event_runs_midnight_to_midnight_and_one_that_does_not_is_refused()
    {
        var allDay = await BookAsync("Offsite", 3, 0, allDay: true);

        var crooked = await Assert.ThrowsAsync<ODataError>(() => Organizer.Me.Events.PostAsync(new Event
        {
            Subject = "Crooked",
            IsAllDay = true,
            Start = new DateTimeTimeZone { DateTime = "2026-11-03T09:00:00", TimeZone = "UTC" },
            End = new DateTimeTimeZone { DateTime = "2026-11-04T09:00:00", TimeZone = "UTC" },
        }));

        Assert.True(allDay.IsAllDay);
        Assert.Equal((400, "ErrorInvalidRequest"), (crooked.ResponseStatusCode, crooked.Error!.Code));
    }
}
