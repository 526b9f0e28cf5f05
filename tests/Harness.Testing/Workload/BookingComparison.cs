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
    public static async Task<ComparisonResult> CompareAsync(HttpClient admin, IReadOnlyDictionary<string, int> objectByRoom, IReadOnlyList<Meeting> meetings)
    {
        int matched = 0, lost = 0, stale = 0, duplicated = 0, bookings = 0;
        foreach (var (room, objectId) in objectByRoom)
        {
            var active = (await admin.GetFromJsonAsync<JsonElement>($"api/admin/bookings?objectId={objectId}")).EnumerateArray()
                .Where(b => b.GetProperty("status").GetString() != "Cancelled")
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
            }
        }

        return new ComparisonResult(meetings.Count, bookings, matched, lost + stale, duplicated);
    }
}

/// <summary>Meetings in the rooms' calendars, active bookings, how many matched, changes lost (missing or stale bookings), and duplicates.</summary>
public sealed record ComparisonResult(int Meetings, int Bookings, int Matched, int Lost, int Duplicated)
{
    public bool InStep => Lost == 0 && Duplicated == 0;

    public override string ToString() => $"{Meetings} meetings in Outlook, {Bookings} active bookings: {Matched} matched, {Lost} lost, {Duplicated} duplicated";
}
