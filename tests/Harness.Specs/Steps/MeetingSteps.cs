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
    [Given("a meeting {string} is booked in the room {string} from {string} to {string}")]
    [When("a meeting {string} is booked in the room {string} from {string} to {string}")]
    public Task WhenBooked(string name, string room, string from, string to) => BookAsync(name, "booking.service", room, 1, from, to, "normal", wait: true);

    /// <summary>The same, returning as soon as Graph has the meeting.</summary>
    [When("a meeting {string} is booked in the room {string} from {string} to {string} without waiting")]
    public Task WhenBookedWithoutWaiting(string name, string room, string from, string to) => BookAsync(name, "booking.service", room, 1, from, to, "normal", wait: false);

    /// <summary>A chosen organizer (a person of the demo tenant) books the room so many days from today.</summary>
    [StepWaits(Waits.ChangeNotified)]
    [Given("a meeting {string} is booked by {string} in the room {string} in {int} day(s) from {string} to {string}")]
    [When("a meeting {string} is booked by {string} in the room {string} in {int} day(s) from {string} to {string}")]
    public Task WhenBookedBy(string name, string organizer, string room, int days, string from, string to) => BookAsync(name, organizer, room, days, from, to, "normal", wait: true);

    /// <summary>booking.service books the room tomorrow, marked private: the booking gets the integration's private title.</summary>
    [StepWaits(Waits.ChangeNotified)]
    [Given("a private meeting {string} is booked in the room {string} from {string} to {string}")]
    [When("a private meeting {string} is booked in the room {string} from {string} to {string}")]
    public Task WhenBookedPrivately(string name, string room, string from, string to) => BookAsync(name, "booking.service", room, 1, from, to, "private", wait: true);

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
