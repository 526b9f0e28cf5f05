using System.Globalization;

namespace GraphSimulator.Calendars;

/// <summary>
/// Ids of a series and its occurrences. Exchange's iCalUId (its global object id) carries the instance date in
/// bytes 16..19 (year, month, day; zeros on the master), so every occurrence has an iCalUId of its own that all
/// copies of it share. An occurrence's id is derived from its master's id and its original start, so it is
/// stable as long as the series is.
/// </summary>
public static class SeriesIds
{
    private const string Prefix = "040000008200E00074C5B7101A82E008";
    private const string NoDate = "00000000";

    public static string NewMasterICalUId() => Prefix + NoDate + Convert.ToHexString(Guid.NewGuid().ToByteArray());

    public static string OccurrenceICalUId(string masterICalUId, DateOnly date)
    {
        var stamp = $"{date.Year:X4}{date.Month:X2}{date.Day:X2}";
        return HasDateSlot(masterICalUId) ? Prefix + stamp + masterICalUId[(Prefix.Length + NoDate.Length)..] : masterICalUId + stamp;
    }

    public static string OccurrenceId(string masterId, DateOnly date) =>
        masterId + "_" + date.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    /// <summary>Both iCalUIds belong to one meeting: the same single meeting, or the same series (any occurrence).</summary>
    public static bool SameMeeting(string a, string b) => a == b || (HasDateSlot(a) && HasDateSlot(b) && Key(a) == Key(b));

    private static bool HasDateSlot(string iCalUId) => iCalUId.Length > Prefix.Length + NoDate.Length && iCalUId.StartsWith(Prefix, StringComparison.Ordinal);

    private static string Key(string iCalUId) => iCalUId[(Prefix.Length + NoDate.Length)..];
}
