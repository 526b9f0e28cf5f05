using GraphSimulator.Calendars;
using GraphSimulator.Graph;
using GraphSimulator.Subscriptions;
using GraphSimulator.Tenants;

namespace GraphSimulator.Control;

/// <summary>
/// Calendar changes "made in Outlook" without a token: a user (or anyone) books, moves and cancels
/// meetings, random meetings are generated, and delta tokens can be expired to force full resyncs.
/// </summary>
public static class CalendarControlEndpoints
{
    public static RouteGroupBuilder MapCalendarControl(this RouteGroupBuilder control)
    {
        control.MapPost("/mailboxes/{organizer}/meetings", CreateAsync);
        control.MapGet("/mailboxes/{organizer}/meetings/{id}", Read);
        control.MapPatch("/mailboxes/{organizer}/meetings/{id}", UpdateAsync);
        control.MapDelete("/mailboxes/{organizer}/meetings/{id}", Cancel);
        control.MapPost("/mailboxes/{room}/random-meetings", Random);
        control.MapPost("/delta/expire", (DeltaSessions sessions) => Results.Json(new { expired = sessions.ExpireAll() }));
        return control;
    }

    private static async Task<IResult> CreateAsync(HttpContext context, string organizer, TenantDirectory directory, MeetingService meetings)
    {
        if (directory.FindMailbox(organizer) is not { } found)
        {
            return GraphErrors.NotFound(context, $"No mailbox '{organizer}' in any tenant.");
        }

        var (input, problem) = await CalendarEndpoints.ReadEventAsync(context);
        if (input is null)
        {
            return problem!;
        }

        var (created, refused) = meetings.Create(found.TenantId, found.User, input);
        return refused is not null
            ? GraphErrors.Error(context, refused.Status, refused.Code, refused.Message)
            : Results.Json(EventJson.ToGraph(created!), GraphJson.Options, statusCode: StatusCodes.Status201Created);
    }

    /// <summary>The organizer's item as Outlook shows it now, with the rooms' answers once they came.</summary>
    private static IResult Read(HttpContext context, string organizer, string id, TenantDirectory directory, MeetingService meetings) =>
        directory.FindMailbox(organizer) is not { } found ? GraphErrors.NotFound(context, $"No mailbox '{organizer}' in any tenant.")
        : meetings.Find(found.User.Id, id) is { } meeting ? Results.Json(EventJson.ToGraph(meeting), GraphJson.Options)
        : GraphErrors.NotFound(context, "No such meeting in the organizer's calendar.");

    private static async Task<IResult> UpdateAsync(HttpContext context, string organizer, string id, TenantDirectory directory, MeetingService meetings)
    {
        if (directory.FindMailbox(organizer) is not { } found)
        {
            return GraphErrors.NotFound(context, $"No mailbox '{organizer}' in any tenant.");
        }

        var (input, problem) = await CalendarEndpoints.ReadEventAsync(context);
        if (input is null)
        {
            return problem!;
        }

        var (updated, refused) = meetings.Update(found.TenantId, found.User.Id, id, input);
        return refused is not null
            ? GraphErrors.Error(context, refused.Status, refused.Code, refused.Message)
            : Results.Json(EventJson.ToGraph(updated!), GraphJson.Options);
    }

    private static IResult Cancel(HttpContext context, string organizer, string id, TenantDirectory directory, MeetingService meetings)
    {
        if (directory.FindMailbox(organizer) is not { } found)
        {
            return GraphErrors.NotFound(context, $"No mailbox '{organizer}' in any tenant.");
        }

        return meetings.Delete(found.User.Id, id) is { } refused
            ? GraphErrors.Error(context, refused.Status, refused.Code, refused.Message)
            : Results.NoContent();
    }

    /// <summary>Books N plausible meetings (Bogus) into the room, organized by the tenant's users, over the next days.</summary>
    private static IResult Random(HttpContext context, string room, int? count, int? days, int? seed, TenantDirectory directory, MeetingService meetings, TimeProvider time)
    {
        if (directory.FindMailbox(room) is not { User.IsRoom: true } found)
        {
            return GraphErrors.NotFound(context, $"No room mailbox '{room}'.");
        }

        if (count is < 1 or > 500 || days is < 1 or > 180)
        {
            return GraphErrors.BadRequest(context, "InvalidRequest", "count must be 1..500 and days 1..180.");
        }

        var organizers = directory.Read(view => view.FindTenant(found.TenantId)!.Users.Values.Where(u => u.HasMailbox && !u.IsRoom).ToList());
        if (organizers.Count == 0)
        {
            return GraphErrors.BadRequest(context, "InvalidRequest", "The tenant has no user who could organize a meeting.");
        }

        var faker = new Bogus.Faker { Random = new Bogus.Randomizer(seed ?? Environment.TickCount) }; // wall-clock ok: only a random seed
        var start = time.GetUtcNow().Date.AddDays(1);
        var results = new List<object>();
        for (var i = 0; i < (count ?? 5); i++)
        {
            var organizer = faker.PickRandom(organizers);
            var begin = new DateTimeOffset(start.AddDays(faker.Random.Int(0, (days ?? 14) - 1)).AddHours(faker.Random.Int(8, 17)).AddMinutes(faker.PickRandom(0, 30)), TimeSpan.Zero);
            var input = new EventInput(faker.Company.CatchPhrase(), faker.Lorem.Sentence(), begin, begin.AddMinutes(faker.PickRandom(30, 60, 90)), "UTC", found.User.DisplayName,
                [new Attendee(new EmailAddress(found.User.DisplayName, found.User.UserPrincipalName), "resource")], null, null, null);
            var (created, _) = meetings.Create(found.TenantId, organizer, input);
            results.Add(new { id = created!.Id, organizer = organizer.UserPrincipalName, subject = created.Subject, start = created.Start, room = created.Attendees[0].Response });
        }

        return Results.Json(new { value = results }, GraphJson.Options, statusCode: StatusCodes.Status201Created);
    }

}
