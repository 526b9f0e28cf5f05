using System.Net.Http.Json;
using System.Text.Json;

namespace Harness.Testing.Workload;

/// <summary>
/// Every room's calendar at Graph against the bookings of its object: a meeting with no active booking at
/// its times is lost (a create or move not applied), an active booking with no meeting at its times is
/// stale (a move or cancellation not applied), and more active bookings than meetings at the same times
/// are duplicates.
/// </summary>
public static class BookingComparison
{
    /// <param name="window">Only what starts in it (the sync window: the service keeps bookings in step from a day ago to the window's end; later occurrences of a series are not booked yet).</param>
    public static async Task<ComparisonResult> CompareAsync(HttpClient admin, IReadOnlyDictionary<string, int> objectByRoom, IReadOnlyList<Meeting> meetings, (DateTimeOffset From, DateTimeOffset Until)? window = null)
    {
        var (from, until) = window ?? (DateTimeOffset.MinValue, DateTimeOffset.MaxValue);
        meetings = [.. meetings.Where(m => m.Start >= from && m.Start < until)];
        int matched = 0, lost = 0, stale = 0, duplicated = 0, bookings = 0;
        var mismatches = new List<string>();
        foreach (var (room, objectId) in objectByRoom)
        {
            var active = (await admin.GetFromJsonAsync<JsonElement>($"api/admin/bookings?objectId={objectId}")).EnumerateArray()
                .Where(b => b.GetProperty("status").GetString() != "Cancelled" && b.GetProperty("start").GetDateTimeOffset() >= from && b.GetProperty("start").GetDateTimeOffset() < until)
                .Select(b => (Start: b.GetProperty("start").GetDateTimeOffset(), End: b.GetProperty("end").GetDateTimeOffset()))
                .ToList();
            bookings += active.Count;
            var expected = meetings.Where(m => string.Equals(m.Room, room, StringComparison.OrdinalIgnoreCase)).Select(m => (m.Start, m.End)).ToList();
            foreach (var slot in expected.Concat(active).Distinct())
            {
                var want = expected.Count(e => e == slot);
                var have = active.Count(a => a == slot);
                matched += Math.Min(want, have);
                lost += Math.Max(0, want - have);
                if (want == 0)
                {
                    stale += have;
                }
                else
                {
                    duplicated += Math.Max(0, have - want);
                }

                if (want != have)
                {
                    var series = meetings.FirstOrDefault(m => string.Equals(m.Room, room, StringComparison.OrdinalIgnoreCase) && (m.Start, m.End) == slot)?.SeriesId is { } id ? $" (series {id[..Math.Min(12, id.Length)]}…)" : "";
                    mismatches.Add($"{room} {slot.Start:yyyy-MM-dd HH:mm}–{slot.End:HH:mm}: {want} meeting(s), {have} active booking(s){series}");
                }
            }
        }

        return new ComparisonResult(meetings.Count, bookings, matched, lost + stale, duplicated, mismatches);
    }
}

/// <summary>Meetings in the rooms' calendars, active bookings, how many matched, changes lost (missing or stale bookings), and duplicates.</summary>
public sealed record ComparisonResult(int Meetings, int Bookings, int Matched, int Lost, int Duplicated, IReadOnlyList<string>? Mismatches = null)
{
    public bool InStep => Lost == 0 && Duplicated == 0;

    public override string ToString() => $"{Meetings} meetings in Outlook, {Bookings} active bookings: {Matched} matched, {Lost} lost, {Duplicated} duplicated";
}
