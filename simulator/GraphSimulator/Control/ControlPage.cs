using System.Globalization;
using System.Net;
using System.Text;
using GraphSimulator.Calendars;
using GraphSimulator.Clock;
using GraphSimulator.Notifications;
using GraphSimulator.Subscriptions;
using GraphSimulator.Tenants;

namespace GraphSimulator.Control;

/// <summary>
/// A small server-rendered page for people: the clock (with buttons to move it), tenants and mailboxes,
/// subscriptions with their last delivery, the delivery log, and forms to book, move and cancel a meeting.
/// </summary>
public static class ControlPage
{
    public static IEndpointRouteBuilder MapControlPage(this IEndpointRouteBuilder app)
    {
        app.MapGet("/control/page", Render);
        app.MapPost("/control/page/advance", AdvanceAsync).DisableAntiforgery();
        app.MapPost("/control/page/meetings", BookAsync).DisableAntiforgery();
        app.MapPost("/control/page/meetings/move", MoveAsync).DisableAntiforgery();
        app.MapPost("/control/page/meetings/cancel", CancelAsync).DisableAntiforgery();
        return app;
    }

    private static IResult Render(HttpContext context, TimeProvider time, TenantDirectory directory, SubscriptionStore subscriptions, DeliveryLog log, CalendarStore calendars, string? message)
    {
        var now = time.GetUtcNow();
        var html = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>Graph simulator</title>")
            .Append("<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin-bottom:1.5em}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left}</style></head><body>")
            .Append("<h1>Graph simulator</h1>");
        if (!string.IsNullOrEmpty(message))
        {
            html.Append($"<p id=\"message\" role=\"status\"><b>{E(message)}</b></p>");
        }

        html.Append($"<h2>Clock</h2><p>Simulated time: <span id=\"now\">{now:yyyy-MM-dd HH:mm:ss} UTC</span></p>");
        if (time is SimulatedClock)
        {
            html.Append("<form method=\"post\" action=\"/control/page/advance\">")
                .Append(string.Concat(new[] { ("01:00:00", "+1 hour"), ("1.00:00:00", "+1 day"), ("3.00:00:00", "+3 days") }.Select(b => $"<button name=\"by\" value=\"{b.Item1}\">{b.Item2}</button> ")))
                .Append("</form>");
        }
        else
        {
            html.Append("<p>The clock is driven by the test that hosts this simulator.</p>");
        }

        var (tenants, rooms, people) = directory.Read(view =>
        {
            var all = view.Tenants.ToList();
            return (all, all.SelectMany(t => t.Users.Values.Where(u => u.IsRoom)).ToList(), all.SelectMany(t => t.Users.Values.Where(u => u.HasMailbox && !u.IsRoom)).ToList());
        });
        html.Append("<h2>Tenants and mailboxes</h2><table id=\"mailboxes\"><tr><th>Tenant</th><th>Mailbox</th><th>Kind</th><th>Events</th></tr>");
        foreach (var tenant in tenants)
        {
            foreach (var user in tenant.Users.Values.OrderBy(u => u.UserPrincipalName))
            {
                var count = calendars.Read(c => c.Events(user.Id).Count());
                html.Append($"<tr><td>{E(tenant.Domain)}</td><td>{E(user.UserPrincipalName)}</td><td>{(user.IsRoom ? "room" : user.HasMailbox ? "user" : "no mailbox")}</td><td>{count}</td></tr>");
            }
        }

        html.Append("</table><h2>Subscriptions</h2><table id=\"subscriptions\"><tr><th>Id</th><th>Resource</th><th>Expires</th><th>Last delivery</th></tr>");
        foreach (var subscription in subscriptions.All())
        {
            var last = log.Attempts.LastOrDefault(a => a.SubscriptionId == subscription.Id);
            html.Append($"<tr><td>{E(subscription.Id)}</td><td>{E(subscription.Resource)}</td><td>{subscription.ExpirationDateTime:yyyy-MM-dd HH:mm} UTC</td><td>{E(last is null ? "none" : $"{last.At:yyyy-MM-dd HH:mm} {last.Outcome} {last.StatusCode}")}</td></tr>");
        }

        html.Append("</table><h2>Book a meeting in a room</h2><form method=\"post\" action=\"/control/page/meetings\">")
            .Append($"<label>Organizer {Select("organizer", people)}</label> <label>Room {Select("room", rooms)}</label> ")
            .Append($"<label>Start (UTC) <input name=\"start\" value=\"{now.Date.AddDays(1).AddHours(10):yyyy-MM-ddTHH:mm}\"></label> ")
            .Append("<label>Minutes <input name=\"minutes\" value=\"60\" size=\"4\"></label> <label>Subject <input name=\"subject\" value=\"Meeting\"></label> <button>Book</button></form>");

        html.Append("<h2>Meetings in rooms</h2><table id=\"meetings\"><tr><th>Room</th><th>Start</th><th>End</th><th>Organizer</th><th>Move / cancel</th></tr>");
        foreach (var room in rooms)
        {
            foreach (var meeting in calendars.Read(c => c.Events(room.Id).OrderBy(e => e.Start).ToList()))
            {
                var organizer = people.FirstOrDefault(p => string.Equals(p.UserPrincipalName, meeting.Organizer.Address, StringComparison.OrdinalIgnoreCase));
                var organizerCopy = organizer is null ? null : calendars.Read(c => c.Events(organizer.Id).FirstOrDefault(e => e.ICalUId == meeting.ICalUId));
                var actions = organizerCopy is null ? "" :
                    $"<form method=\"post\" action=\"/control/page/meetings/move\" style=\"display:inline\"><input type=\"hidden\" name=\"organizer\" value=\"{E(organizer!.UserPrincipalName)}\"><input type=\"hidden\" name=\"id\" value=\"{E(organizerCopy.Id)}\"><input name=\"start\" value=\"{meeting.Start.AddHours(1):yyyy-MM-ddTHH:mm}\"><button>Move</button></form> " +
                    $"<form method=\"post\" action=\"/control/page/meetings/cancel\" style=\"display:inline\"><input type=\"hidden\" name=\"organizer\" value=\"{E(organizer.UserPrincipalName)}\"><input type=\"hidden\" name=\"id\" value=\"{E(organizerCopy.Id)}\"><button>Cancel</button></form>";
                html.Append($"<tr><td>{E(room.UserPrincipalName)}</td><td>{meeting.Start:yyyy-MM-dd HH:mm}</td><td>{meeting.End:HH:mm}</td><td>{E(meeting.Organizer.Address)}</td><td>{actions}</td></tr>");
            }
        }

        html.Append("</table><h2>Delivery log (latest 50)</h2><table id=\"deliveries\"><tr><th>At</th><th>Subscription</th><th>Kind</th><th>What</th><th>Attempt</th><th>Outcome</th><th>Status</th></tr>");
        foreach (var attempt in log.Attempts.Reverse().Take(50))
        {
            html.Append($"<tr><td>{attempt.At:yyyy-MM-dd HH:mm:ss}</td><td>{E(attempt.SubscriptionId)}</td><td>{E(attempt.Kind)}</td><td>{E(attempt.ChangeType)}</td><td>{attempt.Attempt}</td><td>{E(attempt.Outcome)}</td><td>{attempt.StatusCode}</td></tr>");
        }

        html.Append("</table></body></html>");
        return Results.Content(html.ToString(), "text/html; charset=utf-8");
    }

    private static async Task<IResult> AdvanceAsync(HttpContext context, TimeProvider time)
    {
        var form = await ReadFormAsync(context);
        if (time is not SimulatedClock clock)
        {
            return Back("The clock is driven by the host test; it cannot be moved here.", 409);
        }

        if (form is null || !TimeSpan.TryParse(form["by"], CultureInfo.InvariantCulture, out var by) || by <= TimeSpan.Zero || by > TimeSpan.FromDays(365))
        {
            return Back("Choose how far to move the clock.", 400);
        }

        clock.Advance(by);
        return Back($"The clock moved ahead by {by}.");
    }

    private static async Task<IResult> BookAsync(HttpContext context, TenantDirectory directory, MeetingService meetings)
    {
        var form = await ReadFormAsync(context);
        var organizer = directory.FindMailbox(form?["organizer"]);
        var room = directory.FindMailbox(form?["room"]);
        if (form is null || organizer is null || room is not { User.IsRoom: true } || organizer.Value.TenantId != room.Value.TenantId
            || !TryStart(form["start"], out var start) || !int.TryParse(form["minutes"], out var minutes) || minutes is < 5 or > 1440)
        {
            return Back("To book, choose an organizer and a room of one tenant, a start like 2026-11-03T10:00 and 5..1440 minutes.", 400);
        }

        var subject = form["subject"].ToString();
        var input = new EventInput(subject.Length > 255 ? subject[..255] : subject, null, start, start.AddMinutes(minutes), "UTC", room.Value.User.DisplayName,
            [new Attendee(new EmailAddress(room.Value.User.DisplayName, room.Value.User.UserPrincipalName), "resource")], null, null, null);
        var (created, problem) = meetings.Create(organizer.Value.TenantId, organizer.Value.User, input);
        return problem is not null
            ? Back(problem.Message, 400)
            : Back(created!.Attendees[0].Response == "none"
                ? "Booked: the room's booking attendant answers in a few seconds, as in Exchange (reload to see it)."
                : $"Booked: the room {created.Attendees[0].Response} the meeting.");
    }

    private static async Task<IResult> MoveAsync(HttpContext context, TenantDirectory directory, MeetingService meetings)
    {
        var form = await ReadFormAsync(context);
        var organizer = directory.FindMailbox(form?["organizer"]);
        if (form is null || organizer is null || !TryStart(form["start"], out var start))
        {
            return Back("To move, give a start like 2026-11-03T11:00.", 400);
        }

        var current = meetings.Find(organizer.Value.User.Id, form["id"].ToString());
        if (current is null)
        {
            return Back("That meeting no longer exists.", 404);
        }

        var (_, problem) = meetings.Update(organizer.Value.TenantId, organizer.Value.User.Id, current.Id,
            new EventInput(null, null, start, start + (current.End - current.Start), null, null, null, null, null, null));
        return Back(problem?.Message ?? "Moved.", problem is null ? 200 : 400);
    }

    private static async Task<IResult> CancelAsync(HttpContext context, TenantDirectory directory, MeetingService meetings)
    {
        var form = await ReadFormAsync(context);
        var organizer = directory.FindMailbox(form?["organizer"]);
        if (form is null || organizer is null)
        {
            return Back("Choose a meeting to cancel.", 400);
        }

        var problem = meetings.Delete(organizer.Value.User.Id, form["id"].ToString());
        return Back(problem?.Message ?? "Cancelled.", problem is null ? 200 : 404);
    }

    private static async Task<IFormCollection?> ReadFormAsync(HttpContext context) =>
        context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted) : null;

    /// <summary>Post/redirect/get; failures keep their 4xx status and show the message on the page.</summary>
    private static IResult Back(string message, int status = 200) =>
        status == 200
            ? Results.Redirect($"/control/page?message={Uri.EscapeDataString(message)}")
            : Results.Content($"<!doctype html><html><body><p id=\"message\" role=\"alert\">{E(message)}</p><p><a href=\"/control/page\">Back</a></p></body></html>", "text/html; charset=utf-8", statusCode: status);

    private static bool TryStart(string? text, out DateTimeOffset start) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out start);

    private static string Select(string name, IEnumerable<DirectoryUser> users) =>
        $"<select name=\"{name}\">" + string.Concat(users.Select(u => $"<option value=\"{E(u.UserPrincipalName)}\">{E(u.UserPrincipalName)}</option>")) + "</select>";

    private static string E(string? text) => WebUtility.HtmlEncode(text ?? "");
}
