using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace Harness.Specs.Support;

/// <summary>
/// An organizer booking, moving and cancelling a meeting in Outlook, through the simulator's control API
/// (the organizer's client, not the service's Graph calls). One place for the request shapes the steps share.
/// </summary>
public static class OutlookMeetingControl
{
    /// <summary>Books the room(s) and returns the organizer's event id; a refusal names the meeting and the simulator's answer.</summary>
    public static async Task<string> BookMeetingAsync(
        this ScenarioWorld world, string organizer, string subject, DateTimeOffset start, DateTimeOffset end,
        string? room = null, string sensitivity = "normal", string? transactionId = null, object? recurrence = null)
    {
        using var control = world.Simulator.CreateHttpClient();
        var response = await control.PostAsJsonAsync(MeetingsPath(organizer), new
        {
            subject,
            sensitivity,
            start = Time(start),
            end = Time(end),
            attendees = room is null
                ? null
                : (object)new[] { new { type = "resource", emailAddress = new { address = ScenarioWorld.Mailbox(room) } } },
            transactionId,
            recurrence,
        });
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"The simulator refused to book \"{subject}\": {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    /// <summary>The organizer moves the meeting to new times.</summary>
    public static async Task MoveMeetingAsync(this ScenarioWorld world, string organizer, string id, DateTimeOffset start, DateTimeOffset end)
    {
        using var control = world.Simulator.CreateHttpClient();
        (await control.PatchAsJsonAsync($"{MeetingsPath(organizer)}/{id}", new { start = Time(start), end = Time(end) })).EnsureSuccessStatusCode();
    }

    /// <summary>The organizer cancels the meeting.</summary>
    public static async Task CancelMeetingAsync(this ScenarioWorld world, string organizer, string id)
    {
        using var control = world.Simulator.CreateHttpClient();
        (await control.DeleteAsync($"{MeetingsPath(organizer)}/{id}")).EnsureSuccessStatusCode();
    }

    /// <summary>Graph's patternedRecurrence: weekly on the given days from the start's date to the end date (inclusive).</summary>
    public static object Weekly(IEnumerable<DayOfWeek> days, DateOnly from, DateOnly to) => new
    {
        pattern = new { type = "weekly", interval = 1, daysOfWeek = days.Select(d => d.ToString().ToLowerInvariant()).ToArray(), firstDayOfWeek = "sunday" },
        range = new { type = "endDate", startDate = from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), endDate = to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) },
    };

    /// <summary>Graph's patternedRecurrence: every day, so many times.</summary>
    public static object Daily(DateOnly from, int count) => new
    {
        pattern = new { type = "daily", interval = 1 },
        range = new { type = "numbered", startDate = from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), numberOfOccurrences = count },
    };

    private static string MeetingsPath(string organizer) => $"control/mailboxes/{ScenarioWorld.Mailbox(organizer)}/meetings";

    private static object Time(DateTimeOffset at) => new { dateTime = at.UtcDateTime.ToString("s", CultureInfo.InvariantCulture), timeZone = "UTC" };
}
