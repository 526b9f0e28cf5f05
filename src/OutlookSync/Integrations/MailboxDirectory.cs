using Microsoft.Graph.Models.ODataErrors;

namespace OutlookSync.Integrations;

/// <summary>
/// What Graph says about a mailbox the operator wants to map (mode B): a room of the tenant, a person's
/// mailbox, or unknown. Rooms are listed with Place.Read.All; without it, the mailbox's calendar is tried.
/// When Graph cannot be asked (no consent yet, sign-in failing), the mapping is accepted unverified.
/// </summary>
public sealed class MailboxDirectory(GraphClients graph)
{
    /// <summary>Null when the mailbox may be mapped; otherwise why not.</summary>
    public sealed record Verdict(string? Refusal, string? Note);

    public async Task<Verdict> CheckRoomAsync(Integration integration, string mailbox, CancellationToken cancellationToken)
    {
        try
        {
            var rooms = await graph.For(integration).Places.GraphRoom.GetAsync(cancellationToken: cancellationToken);
            return (rooms?.Value ?? []).Any(r => string.Equals(r.EmailAddress, mailbox, StringComparison.OrdinalIgnoreCase))
                ? new Verdict(null, null)
                : new Verdict($"{mailbox} is not a room mailbox of this tenant (a person's mailbox, or none at all): map room mailboxes by their UPN (TEST-09, PROD-07).", null);
        }
        catch (ODataError ex) when (ex.ResponseStatusCode is 403)
        {
            // No Place.Read.All: the calendar itself tells at least whether the mailbox exists.
        }
        catch (Exception ex) when (GraphProblems.Of(ex, mailbox) is { } problem)
        {
            return new Verdict(null, $"Not verified with Graph: {problem}");
        }

        try
        {
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
