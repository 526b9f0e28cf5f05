using System.Globalization;

namespace GraphSimulator.Calendars;

/// <summary>An event as Graph returns it (times in UTC, as without a Prefer: outlook.timezone header).</summary>
public static class EventJson
{
    public static Dictionary<string, object?> ToGraph(CalendarEvent e, string? odataContext = null)
    {
        var json = new Dictionary<string, object?>();
        if (odataContext is not null)
        {
            json["@odata.context"] = odataContext;
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
        json["isAllDay"] = false;
        json["isCancelled"] = e.IsCancelled;
        json["isOrganizer"] = e.IsOrganizer;
        json["responseRequested"] = true;
        json["seriesMasterId"] = null;
        json["showAs"] = e.ShowAs;
        json["type"] = "singleInstance";
        json["webLink"] = $"https://outlook.office365.com/owa/?itemid={Uri.EscapeDataString(e.Id)}&exvsurl=1&path=/calendar/item";
        json["isOnlineMeeting"] = false;
        json["responseStatus"] = new { response = e.Response, time = "0001-01-01T00:00:00Z" };
        json["body"] = new { contentType = "html", content = e.BodyPreview };
        json["start"] = Time(e.Start);
        json["end"] = Time(e.End);
        json["location"] = new { displayName = e.Location, locationType = "default", uniqueIdType = "unknown" };
        json["attendees"] = e.Attendees.Select(a => new
        {
            type = a.Type,
            status = new { response = a.Response, time = "0001-01-01T00:00:00Z" },
            emailAddress = new { name = a.EmailAddress.Name, address = a.EmailAddress.Address },
        }).ToList();
        json["organizer"] = new { emailAddress = new { name = e.Organizer.Name, address = e.Organizer.Address } };
        return json;
    }

    public static object Time(DateTimeOffset time) => new
    {
        dateTime = time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffff", CultureInfo.InvariantCulture),
        timeZone = "UTC",
    };
}
