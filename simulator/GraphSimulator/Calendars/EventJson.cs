using System.Globalization;

namespace GraphSimulator.Calendars;

/// <summary>An event as Graph returns it (times in UTC, as without a Prefer: outlook.timezone header).</summary>
public static class EventJson
{
    /// <summary>The top-level properties of an event as this simulator writes them (what $select may name).</summary>
    public static readonly string[] PropertyNames =
    [
        "id", "createdDateTime", "lastModifiedDateTime", "changeKey", "categories", "transactionId", "originalStartTimeZone",
        "originalEndTimeZone", "iCalUId", "reminderMinutesBeforeStart", "isReminderOn", "hasAttachments", "subject", "bodyPreview",
        "importance", "sensitivity", "isAllDay", "isCancelled", "isOrganizer", "responseRequested", "seriesMasterId", "showAs", "type",
        "webLink", "isOnlineMeeting", "responseStatus", "body", "start", "end", "location", "attendees", "organizer", "recurrence", "originalStart",
    ];

    /// <param name="typed">Delta pages name each item's type ("@odata.type"), as Graph's do.</param>
    /// <param name="zone">Prefer: outlook.timezone; null writes times in UTC.</param>
    public static Dictionary<string, object?> ToGraph(CalendarEvent e, string? odataContext = null, bool typed = false, PreferredTimeZone? zone = null)
    {
        var json = new Dictionary<string, object?>();
        if (odataContext is not null)
        {
            json["@odata.context"] = odataContext;
        }

        if (typed)
        {
            json["@odata.type"] = "#microsoft.graph.event";
        }

        json["@odata.etag"] = $"W/\"{e.ChangeKey}\"";
        json["id"] = e.Id;
        json["createdDateTime"] = e.CreatedDateTime;
        json["lastModifiedDateTime"] = e.LastModifiedDateTime;
        json["changeKey"] = e.ChangeKey;
        json["categories"] = Array.Empty<string>();
        json["transactionId"] = e.TransactionId;
        json["originalStartTimeZone"] = e.TimeZone;
        json["originalEndTimeZone"] = e.TimeZone;
        json["iCalUId"] = e.ICalUId;
        json["reminderMinutesBeforeStart"] = 15;
        json["isReminderOn"] = !e.IsCancelled;
        json["hasAttachments"] = false;
        json["subject"] = e.Subject;
        json["bodyPreview"] = e.BodyPreview.Length > 255 ? e.BodyPreview[..255] : e.BodyPreview;
        json["importance"] = "normal";
        json["sensitivity"] = e.Sensitivity;
        json["isAllDay"] = e.IsAllDay;
        json["isCancelled"] = e.IsCancelled;
        json["isOrganizer"] = e.IsOrganizer;
        json["responseRequested"] = true;
        json["seriesMasterId"] = e.SeriesMasterId;
        json["showAs"] = e.ShowAs;
        json["type"] = e.Type;
        json["webLink"] = $"https://outlook.office365.com/owa/?itemid={Uri.EscapeDataString(e.Id)}&exvsurl=1&path=/calendar/item";
        json["isOnlineMeeting"] = false;
        json["responseStatus"] = new { response = e.Response, time = "0001-01-01T00:00:00Z" };
        json["body"] = new { contentType = "html", content = e.BodyPreview };
        json["start"] = Time(e.Start, zone);
        json["end"] = Time(e.End, zone);
        json["location"] = new { displayName = e.Location, locationType = "default", uniqueIdType = "unknown" };
        json["attendees"] = e.Attendees.Select(a => new
        {
            type = a.Type,
            status = new { response = a.Response, time = "0001-01-01T00:00:00Z" },
            emailAddress = new { name = a.EmailAddress.Name, address = a.EmailAddress.Address },
        }).ToList();
        json["organizer"] = new { emailAddress = new { name = e.Organizer.Name, address = e.Organizer.Address } };
        json["recurrence"] = e.Recurrence?.ToGraph();
        if (e.OriginalStart is { } originalStart)
        {
            json["originalStart"] = originalStart.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        }

        return json;
    }

    public static object Time(DateTimeOffset time, PreferredTimeZone? zone = null) => new
    {
        dateTime = (zone?.Local(time) ?? time.UtcDateTime).ToString("yyyy-MM-ddTHH:mm:ss.fffffff", CultureInfo.InvariantCulture),
        timeZone = zone?.Name ?? "UTC",
    };
}
