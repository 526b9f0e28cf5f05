using System.Security.Cryptography;
using Azure.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using OutlookSync.Integrations;
using OutlookSync.Storage;
using OutlookSync.Webhooks;

namespace OutlookSync.Subscriptions;

/// <summary>
/// Activating an integration subscribes to every mapped calendar (3 days, capped by Graph's maximum, a
/// random clientState each); deactivating deletes the subscriptions at Graph and keeps every booking.
/// A calendar that cannot be subscribed gets an operator-facing reason instead of failing the rest.
/// Up to <see cref="ActivationOptions.InlineLimit"/> calendars are subscribed while the operator waits, so each
/// outcome is shown at once; a larger integration is activated (and deactivated) in the background by the workers
/// (one job per calendar, committed together) and its progress shows in the status API and on the diagnostics screen.
/// </summary>
public sealed class SubscriptionManager(SyncDbContext db, GraphClients graph, SecretProtector secrets, ProblemReporter problems, Queueing.Outbox.JobOutbox outbox, IOptions<GraphOptions> options, IOptions<ActivationOptions> activation, TimeProvider time, ILogger<SubscriptionManager> logger)
{
    public async Task<ActivationResult?> ActivateAsync(int integrationId, CancellationToken cancellationToken)
    {
        if (await TooManyToWaitForAsync(integrationId, cancellationToken))
        {
            return await InBackgroundAsync(integrationId, active: true, cancellationToken);
        }

        var integration = await db.Integrations.Include(i => i.Mappings).FirstOrDefaultAsync(i => i.Id == integrationId, cancellationToken);
        if (integration is null)
        {
            return null;
        }

        integration.Active = true;
        var outcomes = new List<MappingOutcome>();
        foreach (var mapping in integration.Mappings)
        {
            var existing = await db.Subscriptions.FirstOrDefaultAsync(s => s.MappingId == mapping.Id, cancellationToken);
            if (existing is not null && existing.ExpiresAt > time.GetUtcNow())
            {
                outcomes.Add(new MappingOutcome(mapping.Mailbox, existing.Id, null));
                continue;
            }

            await problems.SetAsync(integration, mapping, await SubscribeAsync(integration, mapping, existing, cancellationToken), cancellationToken);
            outcomes.Add(new MappingOutcome(mapping.Mailbox, db.Subscriptions.Local.FirstOrDefault(s => s.MappingId == mapping.Id)?.Id, mapping.Problem));
        }

        // A first sync per new subscription, committed with it: existing meetings, and whatever changed while inactive.
        foreach (var created in outcomes.Where(o => o.SubscriptionId is not null && o.Problem is null))
        {
            outbox.Add(Queueing.QueueNames.Inbound, new Sync.InboundNotificationJob(created.SubscriptionId!, time.GetUtcNow(), []));
        }

        await db.SaveChangesAsync(cancellationToken);
        return new ActivationResult(integration.Active, outcomes);
    }

    /// <summary>
    /// For integrations with many calendars: the call answers at once and the workers do the Graph calls with their
    /// concurrency. Activating queues one subscribe job per calendar without a live subscription (the renew queue's
    /// subscribe-then-first-sync path); deactivating queues one removal per subscription, claimed so the cron does not
    /// queue it again. Jobs and the new state go in one commit.
    /// </summary>
    private async Task<ActivationResult?> InBackgroundAsync(int integrationId, bool active, CancellationToken cancellationToken)
    {
        var integration = await db.Integrations.FirstOrDefaultAsync(i => i.Id == integrationId, cancellationToken);
        if (integration is null)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var calendars = await db.Mappings.AsNoTracking().Where(m => m.IntegrationId == integrationId).OrderBy(m => m.Id)
            .Select(m => new { m.Id, m.Mailbox }).ToListAsync(cancellationToken);
        var subscriptions = db.Subscriptions.Where(s => db.Mappings.Any(m => m.Id == s.MappingId && m.IntegrationId == integrationId));
        var live = active
            ? await subscriptions.Where(s => s.ExpiresAt > now).Select(s => new { s.MappingId, s.Id }).ToDictionaryAsync(s => s.MappingId, s => s.Id, cancellationToken)
            : [];
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        integration.Active = active;
        await db.SaveChangesAsync(cancellationToken);
        List<Queueing.Outbox.OutboxJob> jobs;
        if (active)
        {
            jobs = [.. calendars.Where(m => !live.ContainsKey(m.Id)).Select(m => Queueing.Outbox.JobOutbox.Entry(Queueing.QueueNames.RenewWebhook, new RenewWebhookJob(m.Id, null, RenewWebhookJob.Activation, now)))];
        }
        else
        {
            var removals = await subscriptions.Select(s => new { s.MappingId, s.Id }).ToListAsync(cancellationToken);
            await subscriptions.ExecuteUpdateAsync(set => set.SetProperty(s => s.RenewalQueuedAt, now), cancellationToken);
            jobs = [.. removals.Select(s => Queueing.Outbox.JobOutbox.Entry(Queueing.QueueNames.RenewWebhook, new RenewWebhookJob(s.MappingId, s.Id, RenewWebhookJob.Remove, now)))];
        }

        await outbox.AddManyAsync(jobs, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("{Change} {Count} calendar(s) of integration {IntegrationId} in the background", active ? "Subscribing" : "Unsubscribing", jobs.Count, integration.Id);
        return new ActivationResult(active, calendars.Select(m => new MappingOutcome(m.Mailbox, live.GetValueOrDefault(m.Id), null)).ToList(), InBackground: true);
    }

    /// <summary>More calendars than the operator should wait for (<see cref="ActivationOptions.InlineLimit"/>): the workers do the Graph calls.</summary>
    private async Task<bool> TooManyToWaitForAsync(int integrationId, CancellationToken cancellationToken) =>
        await db.Mappings.CountAsync(m => m.IntegrationId == integrationId, cancellationToken) > activation.Value.InlineLimit;

    public async Task<ActivationResult?> DeactivateAsync(int integrationId, CancellationToken cancellationToken)
    {
        if (await TooManyToWaitForAsync(integrationId, cancellationToken))
        {
            return await InBackgroundAsync(integrationId, active: false, cancellationToken);
        }

        var integration = await db.Integrations.Include(i => i.Mappings).FirstOrDefaultAsync(i => i.Id == integrationId, cancellationToken);
        if (integration is null)
        {
            return null;
        }

        integration.Active = false;
        var mappingIds = integration.Mappings.Select(m => m.Id).ToList();
        foreach (var subscription in await db.Subscriptions.Where(s => mappingIds.Contains(s.MappingId)).ToListAsync(cancellationToken))
        {
            await RemoveAsync(integration, subscription, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        return new ActivationResult(false, integration.Mappings.Select(m => new MappingOutcome(m.Mailbox, null, null)).ToList());
    }

    /// <summary>
    /// Deletes the subscription at Graph and forgets it. When Graph cannot delete it now, it is kept (so its late
    /// notifications are still recognised, acknowledged and ignored) and ExecuteIntegrations tries again.
    /// </summary>
    public async Task RemoveAsync(Integration integration, GraphSubscription subscription, CancellationToken cancellationToken)
    {
        try
        {
            await graph.For(integration).Subscriptions[subscription.Id].DeleteAsync(cancellationToken: cancellationToken);
        }
        catch (ODataError ex) when (ex.ResponseStatusCode == 404)
        {
            // Gone at Graph already (expired): nothing to delete.
        }
        catch (Exception ex) when (GraphProblems.Of(ex, subscription.Id) is { } problem)
        {
            logger.LogWarning("Could not delete subscription {SubscriptionId} at Graph: {Reason}; its notifications are ignored, and the cron tries again", subscription.Id, problem);
            subscription.RenewalQueuedAt = null;
            return;
        }

        db.Subscriptions.Remove(subscription);
    }

    /// <summary>PATCHes the expiry; false when Graph no longer has the subscription (it must be created again).</summary>
    public async Task<bool> RenewAsync(Integration integration, CalendarMapping mapping, GraphSubscription subscription, CancellationToken cancellationToken)
    {
        try
        {
            var renewed = await graph.For(integration).Subscriptions[subscription.Id].PatchAsync(
                new Subscription { ExpirationDateTime = time.GetUtcNow() + Lifetime }, cancellationToken: cancellationToken);
            subscription.ExpiresAt = renewed?.ExpirationDateTime ?? time.GetUtcNow() + Lifetime;
            (subscription.RenewalQueuedAt, subscription.LastRenewedAt) = (null, time.GetUtcNow());
            await problems.SetAsync(integration, mapping, null, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("Renewed subscription {SubscriptionId} on {Mailbox} until {Expiry}", subscription.Id, mapping.Mailbox, subscription.ExpiresAt);
            return true;
        }
        catch (ODataError ex) when (ex.ResponseStatusCode == 404)
        {
            logger.LogInformation("Subscription {SubscriptionId} on {Mailbox} is gone at Graph; creating it again", subscription.Id, mapping.Mailbox);
            return false;
        }
        catch (Exception ex) when (GraphProblems.Of(ex, mapping.Mailbox) is { } problem)
        {
            await RenewalFailedAsync(integration, mapping, subscription, problem, cancellationToken);
            return true;
        }
    }

    /// <summary>
    /// The calendar shows the problem (e-mailed once, while it stays the same) and the claim is released, so
    /// the next cron run tries again: once the operator fixes sign-in or consent, renewal resumes by itself.
    /// </summary>
    private async Task RenewalFailedAsync(Integration integration, CalendarMapping mapping, GraphSubscription subscription, string problem, CancellationToken cancellationToken)
    {
        logger.LogWarning("Renewing subscription {SubscriptionId} on {Mailbox} failed: {Problem}", subscription.Id, mapping.Mailbox, problem);
        subscription.RenewalQueuedAt = null;
        await problems.SetAsync(integration, mapping, problem, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }

    private TimeSpan Lifetime => TimeSpan.FromMinutes(Math.Min(TimeSpan.FromDays(3).TotalMinutes, options.Value.MaxSubscriptionMinutes));

    public async Task<string?> SubscribeAsync(Integration integration, CalendarMapping mapping, GraphSubscription? stale, CancellationToken cancellationToken)
    {
        if (integration.Mode == IntegrationMode.Delegated && integration.ConnectedUser is null)
        {
            return "Mode A needs the service account connected first: run Step 2 (connect) on the auth screen (TEST-13).";
        }

        if (options.Value.PublicBaseUrl is not { } publicBase)
        {
            return "Graph:PublicBaseUrl is not set: Graph needs the public https address of this service for the webhook.";
        }

        var webhook = new Uri(publicBase, OutlookWebhookEndpoint.Path.TrimStart('/')).ToString();
        var clientState = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
        var lifetime = Lifetime;
        try
        {
            var created = await graph.For(integration).Subscriptions.PostAsync(new Subscription
            {
                ChangeType = "created,updated,deleted",
                Resource = integration.Mode == IntegrationMode.Delegated ? "me/events" : $"users/{mapping.Mailbox}/events",
                NotificationUrl = webhook,
                LifecycleNotificationUrl = webhook,
                ExpirationDateTime = time.GetUtcNow() + lifetime,
                ClientState = clientState,
            }, cancellationToken: cancellationToken);
            if (stale is not null)
            {
                db.Subscriptions.Remove(stale);
            }

            db.Subscriptions.Add(new GraphSubscription
            {
                Id = created!.Id!,
                MappingId = mapping.Id,
                ProtectedClientState = secrets.Protect(clientState),
                ExpiresAt = created.ExpirationDateTime ?? time.GetUtcNow() + lifetime,
                CreatedAt = time.GetUtcNow(),
            });
            logger.LogInformation("Subscribed to {Mailbox} for integration {IntegrationId}: subscription {SubscriptionId}", mapping.Mailbox, integration.Id, created.Id);
            return null;
        }
        catch (Exception ex) when (GraphProblems.Of(ex, mapping.Mailbox, webhook) is { } reason)
        {
            logger.LogWarning("Cannot subscribe to {Mailbox} for integration {IntegrationId}: {Reason}", mapping.Mailbox, integration.Id, reason);
            return reason;
        }
    }
}

/// <param name="InBackground">The workers are subscribing (or unsubscribing) the calendars: follow the progress in the status (activations[]).</param>
public sealed record ActivationResult(bool Active, IReadOnlyList<MappingOutcome> Calendars, bool InBackground = false);

public sealed class ActivationOptions
{
    public const string SectionName = "Activation";

    /// <summary>Integrations with more calendars than this are activated and deactivated in the background (the HTTP call answers at once).</summary>
    public int InlineLimit { get; set; } = 50;
}

/// <summary>Per calendar: the subscription, or the problem an operator must fix.</summary>
public sealed record MappingOutcome(string Mailbox, string? SubscriptionId, string? Problem);
