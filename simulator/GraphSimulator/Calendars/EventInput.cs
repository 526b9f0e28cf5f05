using System.Globalization;
using System.Text.Json;
using GraphSimulator.Subscriptions;

namespace GraphSimulator.Calendars;

/// <summary>The fields of a Graph event body the simulator understands; null means "not given" (PATCH).</summary>
public sealed record EventInput(
    string? Subject,
    string? Body,
    DateTimeOffset? Start,
    DateTimeOffset? End,
    string? TimeZone,
    string? Location,
    IReadOnlyList<Attendee>? Attendees,
    string? TransactionId,
    string? Sensitivity,
    string? ShowAs,
    Recurrence? Recurrence = null,
    bool? IsAllDay = null)
{
    private static readonly string[] AttendeeTypes = ["required", "optional", "resource"];
    private static readonly string[] Sensitivities = ["normal", "personal", "private", "confidential"];
    private static readonly string[] ShowAsValues = ["free", "tentative", "busy", "oof", "workingElsewhere", "unknown"];

    /// <summary>Reads a Graph event body; the problem is Graph's 400 for the first thing wrong.</summary>
    public static (EventInput? Input, GraphProblem? Problem) Parse(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            return (null, Invalid("The request body must be a JSON object."));
        }

        try
        {
            var (start, startZone, startProblem) = ReadTime(json, "start");
            var (end, _, endProblem) = ReadTime(json, "end");
            if ((startProblem ?? endProblem) is { } timeProblem)
            {
                return (null, timeProblem);
            }

            List<Attendee>? attendees = null;
            if (json.TryGetProperty("attendees", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                attendees = [];
                foreach (var item in list.EnumerateArray())
                {
                    var address = item.GetProperty("emailAddress").GetProperty("address").GetString();
                    if (string.IsNullOrWhiteSpace(address) || !address.Contains('@'))
                    {
                        return (null, new GraphProblem(400, "ErrorInvalidRecipients", "At least one recipient isn't valid."));
                    }

                    var name = item.GetProperty("emailAddress").TryGetProperty("name", out var n) ? n.GetString() : null;
                    var type = item.TryGetProperty("type", out var t) ? t.GetString() ?? "required" : "required";
                    if (!AttendeeTypes.Contains(type))
                    {
                        return (null, Invalid($"Attendee type '{type}' is not one of required, optional, resource."));
                    }

                    attendees.Add(new Attendee(new EmailAddress(name ?? address, address), type));
                }
            }

            var sensitivity = String(json, "sensitivity");
            if (sensitivity is not null && !Sensitivities.Contains(sensitivity))
            {
                return (null, Invalid($"Sensitivity '{sensitivity}' is not valid."));
            }

            var showAs = String(json, "showAs");
            if (showAs is not null && !ShowAsValues.Contains(showAs))
            {
                return (null, Invalid($"ShowAs '{showAs}' is not valid."));
            }

            var body = json.TryGetProperty("body", out var b) && b.ValueKind == JsonValueKind.Object ? String(b, "content") : null;
            var location = json.TryGetProperty("location", out var l) && l.ValueKind == JsonValueKind.Object ? String(l, "displayName") : null;
            var transactionId = String(json, "transactionId");
            if (transactionId is { Length: > 255 } || String(json, "subject") is { Length: > 255 })
            {
                return (null, Invalid("subject and transactionId are limited to 255 characters."));
            }

            Recurrence? recurrence = null;
            if (json.TryGetProperty("recurrence", out var pattern) && pattern.ValueKind == JsonValueKind.Object)
            {
                (recurrence, var recurrenceProblem) = Recurrence.Parse(pattern);
                if (recurrenceProblem is not null)
                {
                    return (null, recurrenceProblem);
                }
            }

            bool? isAllDay = json.TryGetProperty("isAllDay", out var allDay) && allDay.ValueKind is JsonValueKind.True or JsonValueKind.False ? allDay.GetBoolean() : null;
            if (isAllDay == true && (start is not { } from || end is not { } to || !Midnight(from, startZone) || !Midnight(to, startZone)))
            {
                return (null, Invalid("An all-day event must start and end at midnight in its time zone (isAllDay)."));
            }

            return (new EventInput(String(json, "subject"), body, start, end, startZone, location, attendees, transactionId, sensitivity, showAs, recurrence, isAllDay), null);
        }
        catch (Exception ex) when (ex is InvalidOperationException or KeyNotFoundException or FormatException)
        {
            return (null, Invalid("The event body is not valid: " + ex.Message));
        }
    }

    private static (DateTimeOffset? Time, string? Zone, GraphProblem? Problem) ReadTime(JsonElement json, string name)
    {
        if (!json.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return (null, null, null);
        }

        var text = String(value, "dateTime");
        var zone = String(value, "timeZone") ?? "UTC";
        if (text is null || !DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var local))
        {
            return (null, null, Invalid($"'{name}.dateTime' must be a date and time like 2026-11-03T10:00:00."));
        }

        TimeZoneInfo timeZone;
        try
        {
            timeZone = zone is "UTC" or "Etc/UTC" ? TimeZoneInfo.Utc : TimeZoneInfo.FindSystemTimeZoneById(zone);
        }
        catch (TimeZoneNotFoundException)
        {
            return (null, null, new GraphProblem(400, "TimeZoneNotSupportedException", $"A valid TimeZone value must be specified. The following TimeZone value is not supported: '{zone}'."));
        }

        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        var utc = TimeZoneInfo.ConvertTimeToUtc(unspecified, timeZone);
        return (new DateTimeOffset(utc, TimeSpan.Zero), zone, null);
    }

    private static bool Midnight(DateTimeOffset utc, string? zone)
    {
        var timeZone = zone is null or "UTC" or "Etc/UTC" ? TimeZoneInfo.Utc : TimeZoneInfo.FindSystemTimeZoneById(zone);
        return TimeZoneInfo.ConvertTime(utc, timeZone).TimeOfDay == TimeSpan.Zero;
    }

    private static string? String(JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static GraphProblem Invalid(string message) => new(400, "ErrorInvalidRequest", message);
}
