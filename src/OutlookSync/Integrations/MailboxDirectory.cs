using Microsoft.Graph.Models.ODataErrors;

namespace OutlookSync.Integrations;

/// <summary>
/// What Graph says about the tenant's mailboxes: its room mailboxes (with Place.Read.All), and whether a mailbox
/// the operator wants to map (mode B) is a room, a person's mailbox, or unknown. Without Place.Read.All the
/// mailbox's calendar is tried; when Graph cannot be asked (no consent yet, sign-in failing), the mapping is
/// accepted unverified. The readiness check (PROD-07) lists the rooms the same way.
/// </summary>
public sealed class MailboxDirectory(GraphClients graph)
{
    /// <summary>Null when the mailbox may be mapped; otherwise why not.</summary>
    public sealed record Verdict(string? Refusal, string? Note);

    /// <summary>
    /// The tenant's room mailboxes (every page: Graph returns 100 per page by default), or null when the app may not
    /// list them (no Place.Read.All) or Graph does not offer it.
    /// </summary>
    public async Task<HashSet<string>?> RoomsAsync(Integration integration, CancellationToken cancellationToken)
    {
        try
        {
            var rooms = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var list = graph.For(integration).Places.GraphRoom;
            var page = await list.GetAsync(c => c.QueryParameters.Top = 1000, cancellationToken);
            while (page is not null)
            {
                rooms.UnionWith((page.Value ?? []).Select(r => r.EmailAddress ?? ""));
                page = page.OdataNextLink is { } next ? await list.WithUrl(next).GetAsync(cancellationToken: cancellationToken) : null;
            }

            return rooms;
        }
        catch (ODataError)
        {
            return null;
        }
    }

    /// <summary>GET /places/{emailAddress}/graph.room: a room, or not one (404); null when the app may not ask (no Place.Read.All).</summary>
    private async Task<bool?> IsRoomAsync(Integration integration, string mailbox, CancellationToken cancellationToken)
    {
        try
        {
            // The SDK reaches one place through its type cast (/places/{id}/graph.room): a room answers, anything else is 404.
            return await graph.For(integration).Places[mailbox].GraphRoom.GetAsync(cancellationToken: cancellationToken) is not null;
        }
        catch (ODataError ex) when (ex.ResponseStatusCode == 404)
        {
            return false;
        }
        catch (ODataError)
        {
            return null;
        }
    }

    public async Task<Verdict> CheckRoomAsync(Integration integration, string mailbox, CancellationToken cancellationToken)
    {
        try
        {
            // One room asked by its address (not the whole list: a tenant has thousands, and mapping is one at a time).
            if (await IsRoomAsync(integration, mailbox, cancellationToken) is { } isRoom)
            {
                return isRoom
                    ? new Verdict(null, null)
                    : new Verdict($"{mailbox} is not a room mailbox of this tenant (a person's mailbox, or none at all): map room mailboxes by their UPN (TEST-09, PROD-07).", null);
            }

            // Rooms cannot be listed: the calendar itself tells at least whether the mailbox exists.
            await graph.For(integration).Users[mailbox].Events.GetAsync(c => c.QueryParameters.Top = 1, cancellationToken);
            return new Verdict(null, "Not verified to be a room: grant the application permission Place.Read.All to have rooms checked.");
        }
        catch (ODataError ex) when (ex.ResponseStatusCode == 404)
        {
            return new Verdict(GraphProblems.Explain(ex, mailbox, ""), null);
        }
        catch (Exception ex) when (GraphProblems.Of(ex, mailbox) is { } problem)
        {
            return new Verdict(null, $"Not verified with Graph: {problem}");
        }
    }
}
