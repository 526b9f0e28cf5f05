using System.Globalization;
using System.Text.Json;
using GraphSimulator.Graph;
using GraphSimulator.Identity;
using GraphSimulator.Mailboxes;
using GraphSimulator.Subscriptions;
using GraphSimulator.Tenants;

namespace GraphSimulator.Calendars;

/// <summary>
/// Events, calendarView and calendarView/delta of a mailbox, under /v1.0/me and /v1.0/users/{id|upn}
/// (with or without /calendar in the path, and delta with or without the SDK's brackets).
/// </summary>
public static class CalendarEndpoints
{
    private const int DefaultPageSize = 10;
    private const int MaxPageSize = 1000;

    public static IServiceCollection AddCalendars(this IServiceCollection services)
    {
        services.AddSingleton<CalendarStore>();
        services.AddSingleton<RoomAnswers>();
        services.AddSingleton<MeetingService>();
        services.AddSingleton<DeltaSessions>();
        return services;
    }

    public static IEndpointRouteBuilder MapCalendars(this IEndpointRouteBuilder app)
    {
        foreach (var (prefix, calendar) in new[] { ("/v1.0/me", ""), ("/v1.0/me", "/calendar"), ("/v1.0/users/{user}", ""), ("/v1.0/users/{user}", "/calendar") })
        {
            var group = Throttling.ThrottlePerMailbox(app.MapGroup(prefix + calendar).RequireGraphToken());
            group.MapGet("/events", ListEvents);
            group.MapPost("/events", CreateEventAsync);
            group.MapGet("/events/{id}", GetEvent);
            group.MapPatch("/events/{id}", UpdateEventAsync);
            group.MapDelete("/events/{id}", DeleteEvent);
            group.MapPost("/events/{id}/cancel", CancelEvent);
            group.MapGet("/events/{id}/instances", Instances);
            group.MapGet("/calendarView", CalendarView);
            group.MapGet("/calendarView/delta", Delta);
            group.MapGet("/calendarView/delta()", Delta);
        }

        return app;
    }

    private static string UserOf(HttpContext context) => context.GetRouteValue("user") as string ?? "me";

    private static (Tenants.DirectoryUser? Mailbox, IResult? Problem) Mailbox(HttpContext context, MailboxAccess access, bool write)
    {
        var (mailbox, problem) = access.Resolve(context.Caller(), UserOf(context), write);
        return problem is null ? (mailbox, null) : (null, Answer(context, problem));
    }

    private static IResult ListEvents(HttpContext context, MailboxAccess access, CalendarStore store)
    {
        var (mailbox, problem) = Mailbox(context, access, write: false);
        if (problem is not null)
        {
            return problem;
        }

        // The items a mailbox stores: single meetings and series masters, not their occurrences.
        var events = store.Read(calendar => calendar.Events(mailbox!.Id).Where(e => !e.IsInstance).OrderByDescending(e => e.CreatedDateTime).ToList());
        return Page(context, events);
    }

    private static IResult CalendarView(HttpContext context, MailboxAccess access, CalendarStore store)
    {
        var (mailbox, problem) = Mailbox(context, access, write: false);
        if (problem is not null)
        {
            return problem;
        }

        if (Window(context) is not { } window)
        {
            return MissingWindow(context);
        }

        var events = store.Read(calendar => Listed(calendar, mailbox!.Id, window).ToList());
        return Page(context, events);
    }

    /// <summary>What calendarView shows in a window: single meetings, occurrences and exceptions (series expanded, masters not).</summary>
    private static IEnumerable<CalendarEvent> Listed(CalendarStore.CalendarView calendar, string mailboxId, (DateTimeOffset Start, DateTimeOffset End) window) =>
        calendar.Events(mailboxId).Where(e => !e.IsSeriesMaster && e.Overlaps(window.Start, window.End)).OrderBy(e => e.Start);

    /// <summary>GET /events/{master id}/instances: the series' occurrences and exceptions in the window.</summary>
    private static IResult Instances(HttpContext context, string id, MailboxAccess access, CalendarStore store)
    {
        var (mailbox, problem) = Mailbox(context, access, write: false);
        if ((problem ?? MalformedId(context, id)) is { } answer)
        {
            return answer;
        }

        if (Window(context) is not { } window)
        {
            return MissingWindow(context);
        }

        var instances = store.Read(calendar => calendar.Find(mailbox!.Id, id) is { } found
            ? calendar.Instances(found).Where(e => e.Overlaps(window.Start, window.End)).OrderBy(e => e.Start).ToList()
            : null);
        return instances is null ? Answer(context, MeetingService.NotFound) : Page(context, instances);
    }

    private static IResult GetEvent(HttpContext context, string id, MailboxAccess access, CalendarStore store)
    {
        var (mailbox, problem) = Mailbox(context, access, write: false);
        if ((problem ?? MalformedId(context, id)) is { } answer)
        {
            return answer;
        }

        var (options, invalid) = EventQuery.Parse(context.Request.Query);
        if (invalid is not null)
        {
            return Answer(context, invalid);
        }

        return store.Read(calendar => calendar.Find(mailbox!.Id, id)) is { } found
            ? Results.Json(options!.Project(EventJson.ToGraph(found, zone: PreferredTimeZone.Of(context))), GraphJson.Options)
            : Answer(context, MeetingService.NotFound);
    }

    private static async Task<IResult> CreateEventAsync(HttpContext context, MailboxAccess access, MeetingService meetings)
    {
        var (mailbox, input, problem) = await WritableMailboxAndEventAsync(context, access);
        if (problem is not null)
        {
            return problem;
        }

        var (created, refused) = meetings.Create(context.Caller().TenantId, mailbox!, input!);
        return refused is not null ? Answer(context, refused) : Results.Json(EventJson.ToGraph(created!, zone: PreferredTimeZone.Of(context)), GraphJson.Options, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> UpdateEventAsync(HttpContext context, string id, MailboxAccess access, MeetingService meetings)
    {
        var (mailbox, input, problem) = await WritableMailboxAndEventAsync(context, access);
        if ((problem ?? MalformedId(context, id) ?? StaleETag(context, mailbox!.Id, id, meetings)) is { } answer)
        {
            return answer;
        }

        var (updated, refused) = meetings.Update(context.Caller().TenantId, mailbox!.Id, id, input!);
        return refused is not null ? Answer(context, refused) : Results.Json(EventJson.ToGraph(updated!, zone: PreferredTimeZone.Of(context)), GraphJson.Options);
    }

    /// <summary>Write access to the mailbox first (as Graph checks), then the event body.</summary>
    private static async Task<(Tenants.DirectoryUser? Mailbox, EventInput? Input, IResult? Problem)> WritableMailboxAndEventAsync(HttpContext context, MailboxAccess access)
    {
        var (mailbox, problem) = Mailbox(context, access, write: true);
        if (problem is not null)
        {
            return (null, null, problem);
        }

        var (input, invalid) = await ReadEventAsync(context);
        return (mailbox, input, invalid);
    }

    private static IResult DeleteEvent(HttpContext context, string id, MailboxAccess access, MeetingService meetings) =>
        Remove(context, id, access, meetings, cancelOnly: false);

    private static IResult CancelEvent(HttpContext context, string id, MailboxAccess access, MeetingService meetings) =>
        Remove(context, id, access, meetings, cancelOnly: true);

    private static IResult Remove(HttpContext context, string id, MailboxAccess access, MeetingService meetings, bool cancelOnly)
    {
        var (mailbox, problem) = Mailbox(context, access, write: true);
        if ((problem ?? MalformedId(context, id) ?? StaleETag(context, mailbox!.Id, id, meetings)) is { } answer)
        {
            return answer;
        }

        var refused = meetings.Delete(mailbox!.Id, id, cancelOnly);
        return refused is null ? (cancelOnly ? Results.Accepted() : Results.NoContent()) : Answer(context, refused);
    }

    /// <summary>calendarView/delta: a full round from a window, or the changes since a deltaLink, in pages.</summary>
    private static IResult Delta(HttpContext context, MailboxAccess access, CalendarStore store, DeltaSessions sessions)
    {
        var (mailbox, problem) = Mailbox(context, access, write: false);
        if (problem is not null)
        {
            return problem;
        }

        var query = context.Request.Query;
        var (options, invalid) = EventQuery.Parse(query, delta: true);
        if (invalid is not null)
        {
            return Answer(context, invalid);
        }

        var pageSize = PageSize(context);
        var zone = PreferredTimeZone.Of(context);
        if (query["$skiptoken"].FirstOrDefault() is { } skipToken)
        {
            var page = sessions.TakePage(skipToken);
            return page is null || page.Next.MailboxId != mailbox!.Id
                ? SyncStateNotFound(context)
                : DeltaPage(context, sessions, page, pageSize);
        }

        IReadOnlyList<Dictionary<string, object?>> items;
        DeltaState next;
        if (query["$deltatoken"].FirstOrDefault() is { } deltaToken)
        {
            var state = sessions.FindDelta(deltaToken);
            if (state is null || state.MailboxId != mailbox!.Id)
            {
                return SyncStateNotFound(context);
            }

            (items, next) = store.Read(calendar =>
            {
                var changes = calendar.ChangedSince(mailbox.Id, state.Sequence)
                    .Select(id => calendar.Find(mailbox.Id, id) is { IsSeriesMaster: false } e && e.Overlaps(state.Start, state.End)
                        ? EventQuery.Project(state.Select, EventJson.ToGraph(e, typed: true, zone: zone))
                        : Removed(id))
                    .ToList();
                return ((IReadOnlyList<Dictionary<string, object?>>)changes, state with { Sequence = calendar.Sequence });
            });
        }
        else
        {
            if (Window(context) is not { } window)
            {
                return MissingWindow(context);
            }

            // The round's $select is kept in its state, as Graph keeps it in the token: later rounds answer the same shape.
            (items, next) = store.Read(calendar => (
                (IReadOnlyList<Dictionary<string, object?>>)Listed(calendar, mailbox!.Id, window).Select(e => options!.Project(EventJson.ToGraph(e, typed: true, zone: zone))).ToList(),
                new DeltaState(mailbox.Id, window.Start, window.End, calendar.Sequence, Select: options!.Select)));
        }

        return DeltaPage(context, sessions, new PageState(next, items), pageSize);
    }

    private static IResult DeltaPage(HttpContext context, DeltaSessions sessions, PageState page, int pageSize)
    {
        var body = new Dictionary<string, object?> { ["@odata.context"] = "https://graph.microsoft.com/v1.0/$metadata#Collection(event)" };
        var link = $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}{context.Request.Path}";
        if (page.Remaining.Count > pageSize)
        {
            body["@odata.nextLink"] = $"{link}?$skiptoken={sessions.SavePage(page with { Remaining = page.Remaining.Skip(pageSize).ToList() })}";
        }
        else
        {
            body["@odata.deltaLink"] = $"{link}?$deltatoken={sessions.SaveDelta(page.Next)}";
        }

        body["value"] = page.Remaining.Take(pageSize).ToList();
        if (context.Request.Headers["Prefer"].Any(p => p?.Contains("odata.maxpagesize", StringComparison.OrdinalIgnoreCase) == true))
        {
            context.Response.Headers.Append("Preference-Applied", $"odata.maxpagesize={pageSize}");
        }

        return Results.Json(body, GraphJson.Options);
    }

    private static Dictionary<string, object?> Removed(string id) => new()
    {
        ["@odata.type"] = "#microsoft.graph.event",
        ["id"] = id,
        ["@removed"] = new { reason = "deleted" },
    };

    /// <summary>$top/$skip paging for plain lists, with @odata.nextLink like Graph's.</summary>
    private static IResult Page(HttpContext context, IReadOnlyList<CalendarEvent> events)
    {
        var (options, invalid) = EventQuery.Parse(context.Request.Query);
        if (invalid is not null)
        {
            return Answer(context, invalid);
        }

        events = options!.Apply(events);
        var zone = PreferredTimeZone.Of(context);
        var query = context.Request.Query;
        var top = int.TryParse(query["$top"], out var t) ? Math.Clamp(t, 1, MaxPageSize) : PageSize(context);
        var skip = int.TryParse(query["$skip"], out var s) ? Math.Max(0, s) : 0;
        var body = new Dictionary<string, object?>
        {
            ["@odata.context"] = "https://graph.microsoft.com/v1.0/$metadata#Collection(event)",
            ["value"] = events.Skip(skip).Take(top).Select(e => options.Project(EventJson.ToGraph(e, zone: zone))).ToList(),
        };
        if (skip + top < events.Count)
        {
            var rest = string.Join('&', query.Where(q => q.Key is not ("$skip" or "$top")).Select(q => $"{q.Key}={Uri.EscapeDataString(q.Value.ToString())}"));
            body["@odata.nextLink"] = $"{context.Request.Scheme}://{context.Request.Host}{context.Request.Path}?{(rest.Length > 0 ? rest + "&" : "")}$top={top}&$skip={skip + top}";
        }

        return Results.Json(body, GraphJson.Options);
    }

    private static int PageSize(HttpContext context)
    {
        foreach (var prefer in context.Request.Headers["Prefer"])
        {
            var at = prefer?.IndexOf("odata.maxpagesize=", StringComparison.OrdinalIgnoreCase) ?? -1;
            if (at >= 0 && int.TryParse(new string(prefer![(at + "odata.maxpagesize=".Length)..].TakeWhile(char.IsDigit).ToArray()), out var size))
            {
                return Math.Clamp(size, 1, MaxPageSize);
            }
        }

        return DefaultPageSize;
    }

    private static (DateTimeOffset Start, DateTimeOffset End)? Window(HttpContext context)
    {
        var query = context.Request.Query;
        return DateTimeOffset.TryParse(query["startDateTime"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var start)
            && DateTimeOffset.TryParse(query["endDateTime"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var end)
            && end > start
                ? (start, end)
                : null;
    }

    /// <summary>If-Match with an etag that is no longer the item's: 412, and nothing changes (someone else changed it meanwhile).</summary>
    private static IResult? StaleETag(HttpContext context, string mailboxId, string id, MeetingService meetings) =>
        context.Request.Headers.IfMatch.FirstOrDefault() is { Length: > 0 } expected && expected != "*"
        && meetings.Find(mailboxId, id) is { } current && expected != $"W/\"{current.ChangeKey}\""
            ? GraphErrors.Error(context, StatusCodes.Status412PreconditionFailed, "ErrorIrresolvableConflict",
                "The send or update operation could not be performed because the change key passed in the request does not match the current change key for the item.")
            : null;

    private static IResult? MalformedId(HttpContext context, string id) =>
        CalendarStore.IsMalformedId(id) ? GraphErrors.BadRequest(context, "ErrorInvalidIdMalformed", "Id is malformed.") : null;

    private static IResult MissingWindow(HttpContext context) =>
        GraphErrors.BadRequest(context, "ErrorInvalidParameter", "This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.");

    private static IResult SyncStateNotFound(HttpContext context) =>
        GraphErrors.Error(context, StatusCodes.Status410Gone, "syncStateNotFound", "The sync state generation is not found. Restart the synchronization without a delta token.");

    internal static async Task<(EventInput? Input, IResult? Problem)> ReadEventAsync(HttpContext context)
    {
        if (await GraphJson.ReadAsync<JsonElement?>(context) is not { } json)
        {
            return (null, GraphErrors.UnreadableJson(context));
        }

        var (input, problem) = EventInput.Parse(json);
        return problem is null ? (input, null) : (null, Answer(context, problem));
    }

    private static IResult Answer(HttpContext context, GraphProblem problem) =>
        GraphErrors.Error(context, problem.Status, problem.Code, problem.Message);
}
