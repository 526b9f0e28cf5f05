using Harness.Gherkin.Steps;
using Harness.Specs.Support;
using Reqnroll;

namespace Harness.Specs.Steps;

/// <summary>
/// Meetings in Outlook under a name the scenario refers back to, with the organizer, room, day, times and privacy
/// chosen. The organizer books through the simulator; the room's attendant answers as Exchange would (a clash
/// is declined). The plain forms wait until the simulator has posted the notifications; the "without waiting"
/// forms return at once, so several changes can queue up before the service handles them.
/// </summary>
[Binding]
public sealed class MeetingSteps(ScenarioWorld world)
{
    /// <summary>booking.service books the room tomorrow; the subject is the name.</summary>
    [StepWaits(Waits.ChangeNotified)]
    [When("a meeting {string} is booked in the room {string} from {string} to {string}")]
    public Task WhenBooked(string name, string room, string from, string to) => BookAsync(name, "booking.service", room, 1, from, to, "normal", wait: true);

    /// <summary>The same as a precondition: also waits until the service has synced it (a later change then changes a booking that exists).</summary>
    [StepWaits(Waits.ServiceSettled)]
    [Given("a meeting {string} is booked in the room {string} from {string} to {string}")]
    public async Task GivenBooked(string name, string room, string from, string to)
    {
        await WhenBooked(name, room, from, to);
        await world.SettleServiceAsync();
    }

    /// <summary>The same, returning as soon as Graph has the meeting.</summary>
    [When("a meeting {string} is booked in the room {string} from {string} to {string} without waiting")]
    public Task WhenBookedWithoutWaiting(string name, string room, string from, string to) => BookAsync(name, "booking.service", room, 1, from, to, "normal", wait: false);

    /// <summary>A chosen organizer (a person of the demo tenant) books the room so many days from today.</summary>
    [StepWaits(Waits.ChangeNotified)]
    [When("a meeting {string} is booked by {string} in the room {string} in {int} day(s) from {string} to {string}")]
    public Task WhenBookedBy(string name, string organizer, string room, int days, string from, string to) => BookAsync(name, organizer, room, days, from, to, "normal", wait: true);

    /// <summary>The same as a precondition: also waits until the service has synced it (a later change then changes a booking that exists).</summary>
    [StepWaits(Waits.ServiceSettled)]
    [Given("a meeting {string} is booked by {string} in the room {string} in {int} day(s) from {string} to {string}")]
    public async Task GivenBookedBy(string name, string organizer, string room, int days, string from, string to)
    {
        await WhenBookedBy(name, organizer, room, days, from, to);
        await world.SettleServiceAsync();
    }

    /// <summary>booking.service books the room tomorrow, marked private: the booking gets the integration's private title.</summary>
    [StepWaits(Waits.ChangeNotified)]
    [When("a private meeting {string} is booked in the room {string} from {string} to {string}")]
    public Task WhenBookedPrivately(string name, string room, string from, string to) => BookAsync(name, "booking.service", room, 1, from, to, "private", wait: true);

    /// <summary>The same as a precondition: also waits until the service has synced it (a later change then changes a booking that exists).</summary>
    [StepWaits(Waits.ServiceSettled)]
    [Given("a private meeting {string} is booked in the room {string} from {string} to {string}")]
    public async Task GivenBookedPrivately(string name, string room, string from, string to)
    {
        await WhenBookedPrivately(name, room, from, to);
        await world.SettleServiceAsync();
    }

    /// <summary>The organizer moves it to that time of the same day, keeping its length.</summary>
    [StepWaits(Waits.ChangeNotified)]
    [When("the meeting {string} is moved to {string}")]
    public Task WhenMoved(string name, string time) => MoveAsync(name, time, wait: true);

    /// <summary>The same, returning as soon as Graph has the change.</summary>
    [When("the meeting {string} is moved to {string} without waiting")]
    public Task WhenMovedWithoutWaiting(string name, string time) => MoveAsync(name, time, wait: false);

    /// <summary>The organizer cancels it.</summary>
    [StepWaits(Waits.ChangeNotified)]
    [When("the meeting {string} is cancelled")]
    public Task WhenCancelled(string name) => CancelAsync(name, wait: true);

    /// <summary>The same, returning as soon as Graph has the change.</summary>
    [When("the meeting {string} is cancelled without waiting")]
    public Task WhenCancelledWithoutWaiting(string name) => CancelAsync(name, wait: false);

    /// <summary>
    /// booking.service books the room as a weekly series on those weekdays ("Mondays and Wednesdays", "Fridays"),
    /// from tomorrow for so many weeks; the name is the subject. The room decides on the whole series: with
    /// Exchange's defaults one clashing occurrence declines all of it.
    /// </summary>
    [StepWaits(Waits.ChangeNotified)]
    [When("a weekly meeting {string} is booked in the room {string} on {string} from {string} to {string} for {int} week(s)")]
    public Task WhenWeekly(string name, string room, string weekdays, string from, string to, int weeks)
    {
        var days = Weekdays(weekdays);
        var tomorrow = DateOnly.FromDateTime(world.Tomorrow("00:00").UtcDateTime);
        var last = tomorrow.AddDays(7 * weeks - 1);
        var first = Enumerable.Range(0, 7).Select(tomorrow.AddDays).First(d => days.Contains(d.DayOfWeek));
        return BookSeriesAsync(name, room, first, from, to, OutlookMeetingControl.Weekly(days, first, last));
    }

    /// <summary>The same as a precondition: also waits until the service has synced it (a later change then changes a booking that exists).</summary>
    [StepWaits(Waits.ServiceSettled)]
    [Given("a weekly meeting {string} is booked in the room {string} on {string} from {string} to {string} for {int} week(s)")]
    public async Task GivenWeekly(string name, string room, string weekdays, string from, string to, int weeks)
    {
        await WhenWeekly(name, room, weekdays, from, to, weeks);
        await world.SettleServiceAsync();
    }

    /// <summary>booking.service books the room every day from tomorrow, so many times; the name is the subject.</summary>
    [StepWaits(Waits.ChangeNotified)]
    [When("a daily meeting {string} is booked in the room {string} from {string} to {string} for {int} day(s)")]
    public Task WhenDaily(string name, string room, string from, string to, int count)
    {
        var tomorrow = DateOnly.FromDateTime(world.Tomorrow("00:00").UtcDateTime);
        return BookSeriesAsync(name, room, tomorrow, from, to, OutlookMeetingControl.Daily(tomorrow, count));
    }

    /// <summary>The same as a precondition: also waits until the service has synced it (a later change then changes a booking that exists).</summary>
    [StepWaits(Waits.ServiceSettled)]
    [Given("a daily meeting {string} is booked in the room {string} from {string} to {string} for {int} day(s)")]
    public async Task GivenDaily(string name, string room, string from, string to, int count)
    {
        await WhenDaily(name, room, from, to, count);
        await world.SettleServiceAsync();
    }

    /// <summary>The organizer moves one occurrence of a series (the one so many days from today) to that time of its day: it becomes an exception.</summary>
    [StepWaits(Waits.ChangeNotified)]
    [When("the occurrence of {string} in {int} day(s) is moved to {string}")]
    public async Task WhenOccurrenceMoved(string name, int days, string time)
    {
        var meeting = Meeting(name);
        var start = world.InDays(days, time);
        await world.MoveMeetingAsync(meeting.Organizer, OccurrenceId(meeting, days), start, start + (meeting.End - meeting.Start));
        await world.SettleAsync();
    }

    /// <summary>The organizer cancels one occurrence of a series (the one so many days from today); the others stay.</summary>
    [StepWaits(Waits.ChangeNotified)]
    [When("the occurrence of {string} in {int} day(s) is cancelled")]
    public async Task WhenOccurrenceCancelled(string name, int days)
    {
        var meeting = Meeting(name);
        await world.CancelMeetingAsync(meeting.Organizer, OccurrenceId(meeting, days));
        await world.SettleAsync();
    }

    private async Task BookSeriesAsync(string name, string room, DateOnly first, string from, string to, object recurrence)
    {
        var start = new DateTimeOffset(first.ToDateTime(TimeOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture)), TimeSpan.Zero);
        var end = new DateTimeOffset(first.ToDateTime(TimeOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture)), TimeSpan.Zero);
        var id = await world.BookMeetingAsync("booking.service", name, start, end, room, recurrence: recurrence);
        world.Meetings[name] = new OutlookMeeting("booking.service", id, start, end);
        world.MeetingId = id;
        await world.SettleAsync();
    }

    /// <summary>The organizer's occurrence on that day: Graph derives it from the series and the date ("OID.{master}.{date}").</summary>
    private string OccurrenceId(OutlookMeeting series, int days) =>
        GraphSimulator.Calendars.SeriesIds.OccurrenceId(series.Id, DateOnly.FromDateTime(world.InDays(days, "00:00").UtcDateTime));

    /// <summary>"Mondays and Wednesdays", "Tuesdays, Thursdays and Fridays", "Friday".</summary>
    private static DayOfWeek[] Weekdays(string text) =>
        [.. text.Replace(" and ", ",", StringComparison.Ordinal).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(day => Enum.TryParse<DayOfWeek>(day.TrimEnd('s'), ignoreCase: true, out var parsed)
                ? parsed
                : throw new ArgumentException($"'{day}' is not a weekday: write e.g. \"Mondays and Wednesdays\"."))];

    private async Task BookAsync(string name, string organizer, string room, int days, string from, string to, string sensitivity, bool wait)
    {
        var (start, end) = (world.InDays(days, from), world.InDays(days, to));
        var id = await world.BookMeetingAsync(organizer, name, start, end, room, sensitivity);
        world.Meetings[name] = new OutlookMeeting(organizer, id, start, end);
        world.MeetingId = id;
        await SettleIfAsync(wait);
    }

    private async Task MoveAsync(string name, string time, bool wait)
    {
        var meeting = Meeting(name);
        var start = new DateTimeOffset(meeting.Start.Date, TimeSpan.Zero).Add(TimeSpan.Parse(time, System.Globalization.CultureInfo.InvariantCulture));
        var end = start + (meeting.End - meeting.Start);
        await world.MoveMeetingAsync(meeting.Organizer, meeting.Id, start, end);
        world.Meetings[name] = meeting with { Start = start, End = end };
        await SettleIfAsync(wait);
    }

    private async Task CancelAsync(string name, bool wait)
    {
        var meeting = Meeting(name);
        await world.CancelMeetingAsync(meeting.Organizer, meeting.Id);
        await SettleIfAsync(wait);
    }

    private Task SettleIfAsync(bool wait) => wait ? world.SettleAsync() : Task.CompletedTask;

    private OutlookMeeting Meeting(string name) =>
        world.Meetings.TryGetValue(name, out var meeting)
            ? meeting
            : throw new InvalidOperationException($"No meeting \"{name}\" was booked in this scenario (booked: {string.Join(", ", world.Meetings.Keys.Select(k => $"\"{k}\""))}).");
}
