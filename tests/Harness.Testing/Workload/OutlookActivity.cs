using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace Harness.Testing.Workload;

/// <summary>
/// People using Outlook: meetings booked in rooms, moved and cancelled through the simulator's control API
/// (as their organizers), with a record of what each room's calendar holds now, to compare the bookings
/// with. A meeting the room declined (a clash) is not recorded: it is not in the room's calendar.
/// </summary>
public sealed class OutlookActivity(HttpClient control, IReadOnlyList<string> rooms, IReadOnlyList<string> organizers, TimeProvider clock, int seed = 7)
{
    private readonly Random _random = new(seed);
    private readonly Dictionary<string, Meeting> _meetings = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public ActivityTally Tally { get; } = new();

    /// <summary>What the rooms' calendars hold now: meeting id (organizer's copy) to room and times.</summary>
    public IReadOnlyList<Meeting> Meetings
    {
        get
        {
            lock (_gate)
            {
                return _meetings.Values.ToList();
            }
        }
    }

    /// <summary>One change, as people make them: half bookings, a quarter moves, one in ten cancellations.</summary>
    public async Task ChangeAsync()
    {
        var roll = _random.NextDouble();
        if (roll < 0.55 || _meetings.Count == 0)
        {
            await CreateAsync();
        }
        else if (roll < 0.85)
        {
            await MoveAsync();
        }
        else
        {
            await CancelAsync();
        }
    }

    public async Task CreateAsync()
    {
        var room = rooms[_random.Next(rooms.Count)];
        var organizer = organizers[_random.Next(organizers.Count)];
        var start = clock.GetUtcNow().UtcDateTime.Date.AddDays(_random.Next(1, 20)).AddHours(_random.Next(8, 18)).AddMinutes(15 * _random.Next(0, 4));
        var created = await SendAsync(HttpMethod.Post, $"control/mailboxes/{organizer}/meetings", new
        {
            subject = "Meeting " + Tally.Created,
            start = Time(start),
            end = Time(start.AddMinutes(15 * _random.Next(1, 5))),
            attendees = new[] { new { type = "resource", emailAddress = new { address = room } } },
        });
        Tally.Count(ref Tally.Created);
        if (Accepted(created))
        {
            Record(created.GetProperty("id").GetString()!, new Meeting(room, organizer, Parse(created, "start"), Parse(created, "end")));
        }
        else
        {
            Tally.Count(ref Tally.Declined);
        }
    }

    public async Task MoveAsync()
    {
        if (Pick() is not { } picked)
        {
            return;
        }

        var (id, meeting) = picked;

        var start = meeting.Start.AddMinutes(15 * _random.Next(-12, 13)).AddDays(_random.Next(0, 2));
        var moved = await SendAsync(HttpMethod.Patch, $"control/mailboxes/{meeting.Organizer}/meetings/{id}", new { start = Time(start.UtcDateTime), end = Time(start.UtcDateTime + (meeting.End - meeting.Start)) });
        Tally.Count(ref Tally.Moved);
        if (Accepted(moved))
        {
            Record(id, meeting with { Start = Parse(moved, "start"), End = Parse(moved, "end") });
        }
        else
        {
            Tally.Count(ref Tally.Declined);
            Forget(id);
        }
    }

    public async Task CancelAsync()
    {
        if (Pick() is not { } picked)
        {
            return;
        }

        var (id, meeting) = picked;

        using var response = await control.DeleteAsync($"control/mailboxes/{meeting.Organizer}/meetings/{id}");
        response.EnsureSuccessStatusCode();
        Tally.Count(ref Tally.Cancelled);
        Forget(id);
    }

    private (string Id, Meeting Meeting)? Pick()
    {
        lock (_gate)
        {
            if (_meetings.Count == 0)
            {
                return null;
            }

            var (id, meeting) = _meetings.ElementAt(_random.Next(_meetings.Count));
            return (id, meeting);
        }
    }

    private void Record(string id, Meeting meeting)
    {
        lock (_gate)
        {
            _meetings[id] = meeting;
        }
    }

    private void Forget(string id)
    {
        lock (_gate)
        {
            _meetings.Remove(id);
        }
    }

    private async Task<JsonElement> SendAsync(HttpMethod method, string path, object body)
    {
        using var response = await control.SendAsync(new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) });
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static bool Accepted(JsonElement meeting) =>
        meeting.GetProperty("attendees")[0].GetProperty("status").GetProperty("response").GetString() == "accepted";

    private static object Time(DateTime utc) => new { dateTime = utc.ToString("s", CultureInfo.InvariantCulture), timeZone = "UTC" };

    private static DateTimeOffset Parse(JsonElement e, string name) =>
        new(DateTime.Parse(e.GetProperty(name).GetProperty("dateTime").GetString()!, CultureInfo.InvariantCulture), TimeSpan.Zero);
}

/// <summary>A meeting as the room's calendar holds it.</summary>
public sealed record Meeting(string Room, string Organizer, DateTimeOffset Start, DateTimeOffset End);

/// <summary>Changes made in Outlook, by kind.</summary>
public sealed class ActivityTally
{
    public int Created;
    public int Moved;
    public int Cancelled;
    public int Declined;

    public int Changes => Created + Moved + Cancelled;

    public void Count(ref int field) => Interlocked.Increment(ref field);

    public override string ToString() => $"{Changes} changes ({Created} booked, {Moved} moved, {Cancelled} cancelled; {Declined} declined by the room)";
}
