using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace Harness.Testing.Workload;

/// <summary>
/// People using Outlook: meetings (and weekly or daily series) booked in rooms, moved and cancelled through the
/// simulator's control API (as their organizers), with a record of what each room's calendar holds now, to
/// compare the bookings with. A meeting the room declined (a clash) is not recorded: it is not in the room's
/// calendar. A series is recorded as its occurrences; one may be moved (on its day) or cancelled, or the whole series.
/// </summary>
public sealed class OutlookActivity(HttpClient control, IReadOnlyList<string> rooms, IReadOnlyList<string> organizers, TimeProvider clock, int seed = 7)
{
    private readonly Random _random = new(seed);
    private readonly Dictionary<string, Meeting> _meetings = new(StringComparer.Ordinal);

    // Sent to a room whose booking attendant has not answered yet (it answers seconds later, as in Exchange).
    private readonly Dictionary<string, Meeting> _awaitingRoom = new(StringComparer.Ordinal);
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
        if (_random.NextDouble() < 0.15)
        {
            await CreateSeriesAsync();
            return;
        }

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
        Answered(created.GetProperty("id").GetString()!, new Meeting(room, organizer, Parse(created, "start"), Parse(created, "end")), created);
    }

    /// <summary>A weekly series on one or two weekdays for 2..5 weeks, or a daily one of 3..10 days, from 1..10 days ahead.</summary>
    public async Task CreateSeriesAsync()
    {
        var room = rooms[_random.Next(rooms.Count)];
        var organizer = organizers[_random.Next(organizers.Count)];
        var first = clock.GetUtcNow().UtcDateTime.Date.AddDays(_random.Next(1, 11)).AddHours(_random.Next(8, 18)).AddMinutes(30 * _random.Next(0, 2));
        var length = TimeSpan.FromMinutes(30 * _random.Next(1, 3));
        var firstDay = DateOnly.FromDateTime(first);
        List<DateOnly> dates;
        object recurrence;
        if (_random.NextDouble() < 0.7)
        {
            var days = new[] { first.DayOfWeek, (DayOfWeek)_random.Next(7) }.Distinct().ToArray();
            var last = firstDay.AddDays(7 * _random.Next(2, 6) - 1);
            dates = [.. Enumerable.Range(0, last.DayNumber - firstDay.DayNumber + 1).Select(firstDay.AddDays).Where(d => days.Contains(d.DayOfWeek))];
            recurrence = new
            {
                pattern = new { type = "weekly", interval = 1, daysOfWeek = days.Select(d => d.ToString().ToLowerInvariant()).ToArray() },
                range = new { type = "endDate", startDate = Day(firstDay), endDate = Day(last) },
            };
        }
        else
        {
            var count = _random.Next(3, 11);
            dates = [.. Enumerable.Range(0, count).Select(firstDay.AddDays)];
            recurrence = new { pattern = new { type = "daily", interval = 1 }, range = new { type = "numbered", startDate = Day(firstDay), numberOfOccurrences = count } };
        }

        var created = await SendAsync(HttpMethod.Post, $"control/mailboxes/{organizer}/meetings", new
        {
            subject = "Series " + Tally.Series,
            start = Time(first),
            end = Time(first + length),
            attendees = new[] { new { type = "resource", emailAddress = new { address = room } } },
            recurrence,
        });
        Tally.Count(ref Tally.Series);
        var master = created.GetProperty("id").GetString()!;
        lock (_gate)
        {
            _seriesDates[master] = [.. dates.Select(date => new DateTimeOffset(date.ToDateTime(TimeOnly.FromDateTime(first)), TimeSpan.Zero))];
        }

        Answered(master, new Meeting(room, organizer, first, first + length, master), created);
    }

    private readonly Dictionary<string, List<DateTimeOffset>> _seriesDates = new(StringComparer.Ordinal);

    /// <summary>
    /// Reads the organizer's items whose room had not answered yet (call once the simulator has settled): what the
    /// room accepted is recorded, what it declined is not (or no longer).
    /// </summary>
    public async Task ConfirmAsync()
    {
        List<KeyValuePair<string, Meeting>> waiting;
        lock (_gate)
        {
            waiting = [.. _awaitingRoom];
        }

        foreach (var (id, meeting) in waiting)
        {
            using var response = await control.GetAsync($"control/mailboxes/{meeting.Organizer}/meetings/{id}");
            if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                lock (_gate)
                {
                    _awaitingRoom.Remove(id);
                }

                continue;
            }

            response.EnsureSuccessStatusCode();
            Answered(id, meeting, await response.Content.ReadFromJsonAsync<JsonElement>());
        }
    }

    /// <summary>The room's answer as the organizer's item shows it: accepted is recorded (a series as its occurrences), declined is not, none waits.</summary>
    private void Answered(string id, Meeting meeting, JsonElement organizerItem)
    {
        var response = organizerItem.GetProperty("attendees")[0].GetProperty("status").GetProperty("response").GetString();
        lock (_gate)
        {
            _awaitingRoom.Remove(id);
            if (response is "none" or "notResponded")
            {
                _awaitingRoom[id] = meeting;
                return;
            }
        }

        if (response != "accepted")
        {
            Tally.Count(ref Tally.Declined);
            Forget(id);
            return;
        }

        List<DateTimeOffset>? starts = null;
        lock (_gate)
        {
            _ = meeting.SeriesId == id && _seriesDates.Remove(id, out starts);
        }

        if (starts is not null)
        {
            foreach (var start in starts)
            {
                Record(GraphSimulator.Calendars.SeriesIds.OccurrenceId(id, DateOnly.FromDateTime(start.UtcDateTime)), meeting with { Start = start, End = start + (meeting.End - meeting.Start) });
            }

            return;
        }

        Record(id, meeting);
    }

    public async Task MoveAsync()
    {
        if (Pick() is not { } picked)
        {
            return;
        }

        var (id, meeting) = picked;

        // An occurrence stays on its day (Exchange refuses one crossing a neighbour's day); a single meeting may move a day.
        var start = meeting.Start.AddMinutes(15 * _random.Next(-8, 9)).AddDays(meeting.SeriesId is null ? _random.Next(0, 2) : 0);
        var moved = await SendAsync(HttpMethod.Patch, $"control/mailboxes/{meeting.Organizer}/meetings/{id}", new { start = Time(start.UtcDateTime), end = Time(start.UtcDateTime + (meeting.End - meeting.Start)) });
        Tally.Count(ref Tally.Moved);
        Forget(id);
        Answered(id, meeting with { Start = Parse(moved, "start"), End = Parse(moved, "end") }, moved);
    }

    public async Task CancelAsync()
    {
        if (Pick() is not { } picked)
        {
            return;
        }

        var (id, meeting) = picked;

        // Now and then the organizer cancels a whole series rather than one occurrence of it.
        var wholeSeries = meeting.SeriesId is { } series && _random.NextDouble() < 0.3;
        using var response = await control.DeleteAsync($"control/mailboxes/{meeting.Organizer}/meetings/{(wholeSeries ? meeting.SeriesId : id)}");
        response.EnsureSuccessStatusCode();
        Tally.Count(ref Tally.Cancelled);
        if (wholeSeries)
        {
            lock (_gate)
            {
                foreach (var occurrence in _meetings.Where(m => m.Value.SeriesId == meeting.SeriesId).Select(m => m.Key).ToList())
                {
                    _meetings.Remove(occurrence);
                }
            }
        }
        else
        {
            Forget(id);
        }
    }

    /// <summary>A meeting still to come: people move and cancel upcoming meetings, not past ones.</summary>
    private (string Id, Meeting Meeting)? Pick()
    {
        lock (_gate)
        {
            var upcoming = _meetings.Where(m => m.Value.Start > clock.GetUtcNow()).ToList();
            if (upcoming.Count == 0)
            {
                return null;
            }

            var (id, meeting) = upcoming[_random.Next(upcoming.Count)];
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

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static object Time(DateTime utc) => new { dateTime = utc.ToString("s", CultureInfo.InvariantCulture), timeZone = "UTC" };

    private static DateTimeOffset Parse(JsonElement e, string name) =>
        new(DateTime.Parse(e.GetProperty(name).GetProperty("dateTime").GetString()!, CultureInfo.InvariantCulture), TimeSpan.Zero);
}

/// <summary>A meeting as the room's calendar holds it; an occurrence names its series (the organizer's master id).</summary>
public sealed record Meeting(string Room, string Organizer, DateTimeOffset Start, DateTimeOffset End, string? SeriesId = null);

/// <summary>Changes made in Outlook, by kind.</summary>
public sealed class ActivityTally
{
    public int Created;
    public int Moved;
    public int Cancelled;
    public int Declined;
    public int Series;

    public int Changes => Created + Series + Moved + Cancelled;

    public void Count(ref int field) => Interlocked.Increment(ref field);

    public override string ToString() => $"{Changes} changes ({Created} booked, {Series} series booked, {Moved} moved, {Cancelled} cancelled; {Declined} declined by the room)";
}
