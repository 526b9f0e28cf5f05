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

    /// <summary>The tenant's room mailboxes, or null when the app may not list them (no Place.Read.All) or Graph does not offer it.</summary>
    public async Task<HashSet<string>?> RoomsAsync(Integration integration, CancellationToken cancellationToken)
    {
        try
        {
            var rooms = await graph.For(integration).Places.GraphRoom.GetAsync(cancellationToken: cancellationToken);
            return (rooms?.Value ?? []).Select(r => r.EmailAddress ?? "").ToHashSet(StringComparer.OrdinalIgnoreCase);
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
            if (await RoomsAsync(integration, cancellationToken) is { } rooms)
            {
                return rooms.Contains(mailbox)
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
