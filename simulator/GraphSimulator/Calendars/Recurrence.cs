using System.Globalization;
using System.Text.Json;
using GraphSimulator.Subscriptions;

namespace GraphSimulator.Calendars;

/// <summary>
/// Graph's patternedRecurrence: a pattern (daily, weekly, absolute/relative monthly and yearly) and a range
/// (endDate, numbered, noEnd). Field names and values as in Graph's recurrencePattern and recurrenceRange.
/// </summary>
public sealed record Recurrence(RecurrencePattern Pattern, RecurrenceRange Range)
{
    /// <summary>Expanding a series without end stops here (simulated time after the range's start): enough for any sync window.</summary>
    public const int HorizonDays = 730;

    /// <summary>Graph refuses a numbered range above 999 occurrences.</summary>
    public const int MaxOccurrences = 999;

    private static readonly string[] PatternTypes = ["daily", "weekly", "absoluteMonthly", "relativeMonthly", "absoluteYearly", "relativeYearly"];
    private static readonly string[] RangeTypes = ["endDate", "noEnd", "numbered"];
    private static readonly string[] Indexes = ["first", "second", "third", "fourth", "last"];

    /// <summary>The dates the series falls on, in order, from the range's start to its end (or the horizon).</summary>
    public IEnumerable<DateOnly> Dates()
    {
        var last = Range.Type switch
        {
            "endDate" => Range.EndDate!.Value,
            _ => Range.StartDate.AddDays(HorizonDays),
        };
        var limit = Range.Type == "numbered" ? Range.NumberOfOccurrences : MaxOccurrences;
        return Candidates(last).Where(d => d >= Range.StartDate && d <= last).Take(limit);
    }

    private IEnumerable<DateOnly> Candidates(DateOnly last)
    {
        var start = Range.StartDate;
        var interval = Math.Max(1, Pattern.Interval);
        switch (Pattern.Type)
        {
            case "daily":
                for (var day = start; day <= last; day = day.AddDays(interval))
                {
                    yield return day;
                }

                break;
            case "weekly":
                // Weeks count from the week holding the start, beginning on firstDayOfWeek.
                var weekStart = start.AddDays(-(((int)start.DayOfWeek - (int)Pattern.FirstDayOfWeek + 7) % 7));
                for (; weekStart <= last; weekStart = weekStart.AddDays(7 * interval))
                {
                    foreach (var day in Enumerable.Range(0, 7).Select(weekStart.AddDays).Where(d => Pattern.DaysOfWeek.Contains(d.DayOfWeek)))
                    {
                        yield return day;
                    }
                }

                break;
            case "absoluteMonthly" or "relativeMonthly":
                for (var month = new DateOnly(start.Year, start.Month, 1); month <= last; month = month.AddMonths(interval))
                {
                    yield return InMonth(month);
                }

                break;
            default:
                for (var year = new DateOnly(start.Year, Pattern.Month, 1); year <= last; year = year.AddYears(interval))
                {
                    yield return InMonth(year);
                }

                break;
        }
    }

    /// <summary>The pattern's day in that month: day N (the month's last day when it has fewer), or the Nth/last of the given weekdays.</summary>
    private DateOnly InMonth(DateOnly first)
    {
        var days = DateTime.DaysInMonth(first.Year, first.Month);
        if (Pattern.Type is "absoluteMonthly" or "absoluteYearly")
        {
            return first.AddDays(Math.Min(Pattern.DayOfMonth, days) - 1);
        }

        var matching = Enumerable.Range(0, days).Select(first.AddDays).Where(d => Pattern.DaysOfWeek.Contains(d.DayOfWeek)).ToList();
        return Pattern.Index == "last" ? matching[^1] : matching[Math.Min(Array.IndexOf(Indexes, Pattern.Index), matching.Count - 1)];
    }

    /// <summary>Reads the "recurrence" of an event body; the problem is the 400 Graph answers for what is missing or wrong.</summary>
    public static (Recurrence? Recurrence, GraphProblem? Problem) Parse(JsonElement json)
    {
        if (!json.TryGetProperty("pattern", out var pattern) || pattern.ValueKind != JsonValueKind.Object
            || !json.TryGetProperty("range", out var range) || range.ValueKind != JsonValueKind.Object)
        {
            return (null, Invalid("A recurrence needs a pattern and a range."));
        }

        var type = Text(pattern, "type");
        if (!PatternTypes.Contains(type))
        {
            return (null, Invalid($"Recurrence pattern type '{type}' is not one of {string.Join(", ", PatternTypes)}."));
        }

        var days = new List<DayOfWeek>();
        if (pattern.TryGetProperty("daysOfWeek", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in list.EnumerateArray())
            {
                if (!Enum.TryParse<DayOfWeek>(item.GetString(), ignoreCase: true, out var day))
                {
                    return (null, Invalid($"'{item}' is not a day of the week."));
                }

                days.Add(day);
            }
        }

        var firstDay = Enum.TryParse<DayOfWeek>(Text(pattern, "firstDayOfWeek") ?? "sunday", ignoreCase: true, out var f) ? f : DayOfWeek.Sunday;
        var parsed = new RecurrencePattern(type!, Number(pattern, "interval", 1), days, Number(pattern, "dayOfMonth", 0), Number(pattern, "month", 0), Text(pattern, "index") ?? "first", firstDay);
        var problem = (type, parsed) switch
        {
            (_, { Interval: < 1 or > 99 }) => "The recurrence interval must be between 1 and 99.",
            ("weekly" or "relativeMonthly" or "relativeYearly", { DaysOfWeek.Count: 0 }) => $"A {type} recurrence needs daysOfWeek.",
            ("absoluteMonthly" or "absoluteYearly", { DayOfMonth: < 1 or > 31 }) => $"A {type} recurrence needs dayOfMonth 1..31.",
            ("absoluteYearly" or "relativeYearly", { Month: < 1 or > 12 }) => $"A {type} recurrence needs month 1..12.",
            ("relativeMonthly" or "relativeYearly", _) when !Indexes.Contains(parsed.Index) => $"index '{parsed.Index}' is not one of {string.Join(", ", Indexes)}.",
            _ => null,
        };
        if (problem is not null)
        {
            return (null, Invalid(problem));
        }

        var rangeType = Text(range, "type");
        if (!RangeTypes.Contains(rangeType))
        {
            return (null, Invalid($"Recurrence range type '{rangeType}' is not one of {string.Join(", ", RangeTypes)}."));
        }

        if (!DateOnly.TryParseExact(Text(range, "startDate"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var startDate))
        {
            return (null, Invalid("The recurrence range needs a startDate like 2026-11-02."));
        }

        DateOnly? endDate = null;
        if (rangeType == "endDate")
        {
            if (!DateOnly.TryParseExact(Text(range, "endDate"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var end) || end < startDate)
            {
                return (null, Invalid("An endDate range needs an endDate on or after its startDate."));
            }

            endDate = end;
        }

        var count = Number(range, "numberOfOccurrences", 0);
        if (rangeType == "numbered" && count is < 1 or > MaxOccurrences)
        {
            return (null, Invalid($"A numbered range needs numberOfOccurrences 1..{MaxOccurrences}."));
        }

        return (new Recurrence(parsed, new RecurrenceRange(rangeType!, startDate, endDate, count, Text(range, "recurrenceTimeZone") ?? "UTC")), null);
    }

    /// <summary>As Graph writes it on a series master.</summary>
    public object ToGraph() => new
    {
        pattern = new
        {
            type = Pattern.Type,
            interval = Pattern.Interval,
            month = Pattern.Month,
            dayOfMonth = Pattern.DayOfMonth,
            daysOfWeek = Pattern.DaysOfWeek.Select(d => d.ToString().ToLowerInvariant()).ToList(),
            firstDayOfWeek = Pattern.FirstDayOfWeek.ToString().ToLowerInvariant(),
            index = Pattern.Index,
        },
        range = new
        {
            type = Range.Type,
            startDate = Range.StartDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            endDate = (Range.EndDate ?? DateOnly.MinValue).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            recurrenceTimeZone = Range.TimeZone,
            numberOfOccurrences = Range.NumberOfOccurrences,
        },
    };

    private static string? Text(JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int Number(JsonElement json, string name, int fallback) =>
        json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number : fallback;

    private static GraphProblem Invalid(string message) => new(400, "ErrorInvalidRequest", message);
}

public sealed record RecurrencePattern(string Type, int Interval, IReadOnlyList<DayOfWeek> DaysOfWeek, int DayOfMonth, int Month, string Index, DayOfWeek FirstDayOfWeek);

public sealed record RecurrenceRange(string Type, DateOnly StartDate, DateOnly? EndDate, int NumberOfOccurrences, string TimeZone);
