using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Graph.Users.Item.CalendarView.Delta;
using OutlookSync.Bookings;
using OutlookSync.Integrations;
using OutlookSync.Storage;

namespace OutlookSync.Sync;

/// <summary>
/// One inbound sync of one calendar: calendarView/delta from the stored deltaLink (a full round over the
/// sync window the first time, or when Graph says the token is gone) read to the end first, then every
/// change applied to bookings and the new deltaLink saved in one short transaction: no database lock is
/// held while Graph answers or a Retry-After is waited out. Running it twice changes nothing.
/// </summary>
public sealed class InboundSync(SyncDbContext db, GraphClients graph, ProblemReporter problems, CalendarGates gates, Diagnostics.SyncCounters counters, Diagnostics.Telemetry.ServiceMetrics metrics, Microsoft.Extensions.Options.IOptions<SyncOptions> options, Queueing.Outbox.JobOutbox outbox, TimeProvider time, ILogger<InboundSync> logger)
{
    public async Task<SyncOutcome> RunForSubscriptionAsync(string subscriptionId, CancellationToken cancellationToken, InboundNotificationJob? job = null)
    {
        var subscription = await db.Subscriptions.FirstOrDefaultAsync(s => s.Id == subscriptionId, cancellationToken);
        if (subscription is null)
        {
            return SyncOutcome.Skipped("unknown subscription");
        }

        return await RunAsync(subscription.MappingId, cancellationToken, job);
    }

    /// <summary>
    /// Syncs the calendar. For a queued <paramref name="job"/>: not when a sync that began after it was queued has
    /// completed or is due, and not sooner than Sync:MinRoundInterval after the last one (the job then waits in the
    /// outbox).
    /// </summary>
    public async Task<SyncOutcome> RunAsync(int mappingId, CancellationToken cancellationToken, InboundNotificationJob? job = null)
    {
        using var activity = Diagnostics.Telemetry.ServiceTelemetry.Source.StartActivity("inbound sync")?.SetTag("outlooksync.mapping.id", mappingId);
        using var turn = await gates.EnterAsync(mappingId, cancellationToken);
        var started = System.Diagnostics.Stopwatch.GetTimestamp(); // real time: what the sync costs, not simulated waits
        try
        {
            return await SyncAsync(mappingId, job, cancellationToken);
        }
        finally
        {
            metrics.SyncDuration(System.Diagnostics.Stopwatch.GetElapsedTime(started));
        }
    }

    private async Task<SyncOutcome> SyncAsync(int mappingId, InboundNotificationJob? job, CancellationToken cancellationToken)
    {
        var mapping = await db.Mappings.FirstOrDefaultAsync(m => m.Id == mappingId, cancellationToken);
        if (mapping is not null && job is not null && await CoverOrSpaceAsync(mapping, job, cancellationToken) is { } answered)
        {
            return answered;
        }

        var integration = mapping is null ? null : await db.Integrations.FirstOrDefaultAsync(i => i.Id == mapping.IntegrationId, cancellationToken);
        if (mapping is null || integration is null || !integration.Active)
        {
            return SyncOutcome.Skipped("integration inactive or calendar unmapped");
        }

        if (integration.Mode == IntegrationMode.Delegated && integration.ConnectedUser is null)
        {
            return SyncOutcome.Skipped("mode A: the service account is not connected (Step 2)");
        }

        var delta = graph.For(integration).Users[GraphClients.MailboxOf(integration, mapping)].CalendarView.Delta;
        var readFrom = time.GetUtcNow();
        var window = SyncWindow.For(integration, time.GetUtcNow());

        // Before a full round: links recorded after this point (by another job on this calendar) are newer than what it reads.
        int? knownLinks = null;
        async Task<string?> FullRoundAsync()
        {
            knownLinks = await db.EventLinks.Where(l => l.MappingId == mapping.Id).MaxAsync(l => (int?)l.Id, cancellationToken) ?? 0;
            return null;
        }

        DeltaRound round;
        try
        {
            try
            {
                // A delta link keeps the window it was started with: once the sync window has moved on, start a new
                // round so meetings (and occurrences of series) that have come into the window are seen.
                round = await ReadAsync(delta, window.Keeps(mapping.DeltaWindowEnd) && mapping.DeltaLink is { } link ? link : await FullRoundAsync(), window, cancellationToken);
            }
            catch (ODataError ex) when (ex.ResponseStatusCode == 410 || ex.Error?.Code is "syncStateNotFound" or "resyncRequired")
            {
                logger.LogInformation("Delta token for {Mailbox} is gone ({Code}); starting a full resync", mapping.Mailbox, ex.Error?.Code);
                round = await ReadAsync(delta, await FullRoundAsync(), window, cancellationToken);
            }
        }
        catch (ODataError ex) when (ex.ResponseStatusCode is 403 or 404)
        {
            // Not a passing fault: retrying the job cannot help. The calendar shows why; the others go on.
            var problem = GraphProblems.Explain(ex, mapping.Mailbox, "");
            await problems.SetAsync(integration, mapping, problem, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            logger.LogWarning("Cannot sync {Mailbox}: {Problem}", mapping.Mailbox, problem);
            return SyncOutcome.Skipped(problem);
        }

        // Graph has been read (every page, every Retry-After waited out): now one short transaction applies it.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.LockMappingAsync(mapping.Id, cancellationToken);
        var counts = SyncOutcome.None;
        foreach (var item in round.Items)
        {
            counts = counts.Add(await ApplyAsync(integration, mapping, item, cancellationToken));
        }

        if (round.Full)
        {
            // A full round lists what is there, not what went away meanwhile: a booking whose item it no longer lists is cancelled.
            counts = counts.Add(await CancelMissingAsync(mapping, round, window, knownLinks ?? 0, cancellationToken));
            mapping.DeltaWindowEnd = window.End;
        }

        mapping.DeltaLink = round.DeltaLink;
        mapping.LastSyncAt = time.GetUtcNow();
        // Never backwards: another node's sync that began later may have committed first.
        var stored = await db.Mappings.Where(m => m.Id == mapping.Id).Select(m => m.LastSyncStartedAt).FirstAsync(cancellationToken);
        mapping.LastSyncStartedAt = stored > readFrom ? stored : readFrom;
        mapping.LastSyncSummary = $"{counts.Created} created, {counts.Updated} updated, {counts.Cancelled} cancelled";
        await problems.SetAsync(integration, mapping, null, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        counters.Synced(counts.Created, counts.Updated, counts.Cancelled);
        logger.LogInformation("Synced {Mailbox}: {Created} created, {Updated} updated, {Cancelled} cancelled", mapping.Mailbox, counts.Created, counts.Updated, counts.Cancelled);
        return counts;
    }

    /// <summary>
    /// Answers a queued job without reading Graph when a sync that began after it was queued has completed or is due,
    /// or puts it in the outbox until Sync:MinRoundInterval after the last sync began; null when it should sync now.
    /// </summary>
    private async Task<SyncOutcome?> CoverOrSpaceAsync(CalendarMapping mapping, InboundNotificationJob job, CancellationToken cancellationToken)
    {
        // Strictly later: a sync that began at the very moment the job was queued may have missed its change.
        if (mapping.LastSyncStartedAt > job.CoveredAfter || mapping.PendingRoundAt > job.CoveredAfter)
        {
            counters.Covered();
            return SyncOutcome.Skipped(mapping.LastSyncStartedAt > job.CoveredAfter ? "covered by a later sync" : $"covered by the sync due at {mapping.PendingRoundAt:o}");
        }

        if (await SeenAlreadyAsync(mapping, job, cancellationToken))
        {
            counters.Covered();
            return SyncOutcome.Skipped("every change it notifies was synced already (same change key)");
        }

        var now = time.GetUtcNow();
        var interval = options.Value.MinRoundInterval;
        if (mapping.LastSyncStartedAt is not { } previous || previous + interval <= now)
        {
            return null;
        }

        // Too soon: this job waits, and its calendar's later jobs until then are covered by it (see PendingRoundAt), so
        // a burst of changes costs one more round. Never more than one interval (another node's clock may run ahead).
        var due = previous + interval < now + interval ? previous + interval : now + interval;
        mapping.PendingRoundAt = due;
        outbox.Add(Queueing.QueueNames.Inbound, job with { DueAt = due }, due);
        await db.SaveChangesAsync(cancellationToken);
        counters.Spaced();
        return SyncOutcome.Waits($"waits until {due:o}: the calendar synced less than {interval.TotalSeconds:0.###} s ago");
    }

    /// <summary>
    /// Every change of the job names an item version already synced: its etag (Outlook's change key) is the one
    /// stored for the item. So a round that read the changes before their notifications came, or the echo of the
    /// service's own write to Outlook, costs no second round. Deletions carry no version and always sync.
    /// </summary>
    private async Task<bool> SeenAlreadyAsync(CalendarMapping mapping, InboundNotificationJob job, CancellationToken cancellationToken)
    {
        // A job that waited for its calendar's next read stands for the jobs answered by that read: it must read.
        if (job.DueAt is not null || job.Changes.Count == 0 || job.Changes.Any(c => c.ChangeType is not ("created" or "updated") || c.ResourceId is null || ChangeKeyOf(c.ETag) is null))
        {
            return false;
        }

        var ids = job.Changes.Select(c => c.ResourceId!).Distinct().ToList();
        var stored = await db.EventLinks.Where(l => l.MappingId == mapping.Id && ids.Contains(l.OutlookEventId))
            .Select(l => new { l.OutlookEventId, l.ChangeKey }).ToListAsync(cancellationToken);
        return job.Changes.All(c => stored.Any(l => l.OutlookEventId == c.ResourceId && l.ChangeKey is not null && l.ChangeKey == ChangeKeyOf(c.ETag)));
    }

    /// <summary>Graph's resourceData etag for an Outlook item is its change key as a weak entity tag: W/"key".</summary>
    private static string? ChangeKeyOf(string? etag) =>
        etag is null ? null : (etag.StartsWith("W/", StringComparison.Ordinal) ? etag[2..] : etag).Trim('"') is { Length: > 0 } key ? key : null;

    /// <summary>Every page of one delta round, from the stored deltaLink or (null) a full round over the sync window.</summary>
    private static async Task<DeltaRound> ReadAsync(DeltaRequestBuilder delta, string? deltaLink, SyncWindow window, CancellationToken cancellationToken)
    {
        var items = new List<Event>();
        var page = deltaLink is { } link
            ? await delta.WithUrl(link).GetAsDeltaGetResponseAsync(cancellationToken: cancellationToken)
            : await delta.GetAsDeltaGetResponseAsync(c =>
            {
                c.QueryParameters.StartDateTime = window.Start.ToString("o", CultureInfo.InvariantCulture);
                c.QueryParameters.EndDateTime = window.End.ToString("o", CultureInfo.InvariantCulture);
            }, cancellationToken);
        while (true)
        {
            // A 200 without a body (a proxy in the way) is no answer at all: never read it as "no changes".
            _ = page ?? throw new InvalidDataException("Graph answered a delta call with an empty body.");
            items.AddRange(page.Value ?? []);
            if (page.OdataDeltaLink is { } next)
            {
                return new DeltaRound(items, next, Full: deltaLink is null);
            }

            // A page with neither link ends the round where Graph left it: the next round asks again from the old deltaLink.
            if (page.OdataNextLink is not { } more)
            {
                return new DeltaRound(items, deltaLink, Full: false);
            }

            page = await delta.WithUrl(more).GetAsDeltaGetResponseAsync(cancellationToken: cancellationToken);
        }
    }

    private sealed record DeltaRound(List<Event> Items, string? DeltaLink, bool Full);

    /// <summary>Bookings of this calendar inside the window whose Outlook item the full round did not list: deleted while no delta link told us.</summary>
    private async Task<SyncOutcome> CancelMissingAsync(CalendarMapping mapping, DeltaRound round, SyncWindow window, int knownLinks, CancellationToken cancellationToken)
    {
        var listed = round.Items.Where(i => !i.AdditionalData.ContainsKey("@removed")).Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
        var linked = await db.EventLinks.Where(l => l.MappingId == mapping.Id && l.Id <= knownLinks)
            .Join(db.Bookings, l => l.BookingId, b => b.Id, (l, b) => new { l.OutlookEventId, Booking = b })
            .Where(x => x.Booking.Status != BookingStatus.Cancelled && x.Booking.Start < window.End && x.Booking.End > window.Start)
            .ToListAsync(cancellationToken);
        var cancelled = 0;
        foreach (var gone in linked.Where(x => !listed.Contains(x.OutlookEventId)))
        {
            (gone.Booking.Status, gone.Booking.UpdatedAt) = (BookingStatus.Cancelled, time.GetUtcNow());
            cancelled++;
        }

        return new SyncOutcome(0, 0, cancelled, null);
    }

    private async Task<SyncOutcome> ApplyAsync(Integration integration, CalendarMapping mapping, Event item, CancellationToken cancellationToken)
    {
        var link = await db.EventLinks.FirstOrDefaultAsync(l => l.MappingId == mapping.Id && l.OutlookEventId == item.Id, cancellationToken)
            ?? db.EventLinks.Local.FirstOrDefault(l => l.MappingId == mapping.Id && l.OutlookEventId == item.Id);
        var booking = link is null ? null : await db.Bookings.FirstOrDefaultAsync(b => b.Id == link.BookingId, cancellationToken);
        var now = time.GetUtcNow();
        if (item.Type == EventType.SeriesMaster)
        {
            // calendarView lists occurrences, not the series itself; a master is no booking.
            return SyncOutcome.None;
        }

        if (item.AdditionalData.ContainsKey("@removed") || item.IsCancelled == true)
        {
            if (booking is null || booking.Status == BookingStatus.Cancelled)
            {
                return SyncOutcome.None;
            }

            booking.Status = BookingStatus.Cancelled;
            booking.UpdatedAt = now;
            return new SyncOutcome(0, 0, 1, null);
        }

        var start = Utc(item.Start);
        var end = Utc(item.End);
        var title = item.Sensitivity is Sensitivity.Private or Sensitivity.Confidential ? integration.Inbound.PrivateTitle : item.Subject ?? "";
        if (booking is not null)
        {
            if (link!.ChangeKey == item.ChangeKey && booking.Start == start && booking.End == end)
            {
                return SyncOutcome.None;
            }

            (booking.Start, booking.End, booking.Title, booking.UpdatedAt) = (start, end, title, now);
            link.ChangeKey = item.ChangeKey;
            return new SyncOutcome(0, 1, 0, null);
        }

        // Our own outbound item, seen before the outbound worker recorded it: link it, do not book it twice.
        if (OutboundSync.BookingIdOf(item.TransactionId) is { } ownBookingId
            && await db.Bookings.AnyAsync(b => b.Id == ownBookingId && b.ObjectId == mapping.ObjectId, cancellationToken))
        {
            db.EventLinks.Add(new EventLink { MappingId = mapping.Id, OutlookEventId = item.Id!, ICalUId = item.ICalUId, BookingId = ownBookingId, ChangeKey = item.ChangeKey });
            return SyncOutcome.None;
        }

        var clash = !integration.Inbound.AllowConflicts && await db.Bookings.AnyAsync(
            b => b.ObjectId == mapping.ObjectId && b.Status != BookingStatus.Cancelled && b.Start < end && b.End > start, cancellationToken);
        var created = new Booking
        {
            ObjectId = mapping.ObjectId,
            Title = title,
            Start = start,
            End = end,
            Status = clash ? BookingStatus.Pending : integration.Inbound.CreatedStatus,
            BookerEmail = item.Organizer?.EmailAddress?.Address,
            Source = "outlook",
            OutlookSeriesId = item.SeriesMasterId,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Bookings.Add(created);
        await db.SaveChangesAsync(cancellationToken);
        db.EventLinks.Add(new EventLink { MappingId = mapping.Id, OutlookEventId = item.Id!, ICalUId = item.ICalUId, BookingId = created.Id, ChangeKey = item.ChangeKey });
        return new SyncOutcome(1, 0, 0, null);
    }

    private static DateTimeOffset Utc(DateTimeTimeZone? value)
    {
        if (value?.DateTime is null)
        {
            return default;
        }

        var local = DateTime.Parse(value.DateTime, CultureInfo.InvariantCulture, DateTimeStyles.None);
        var zone = value.TimeZone is null or "UTC" ? TimeZoneInfo.Utc : TimeZoneInfo.FindSystemTimeZoneById(value.TimeZone);
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), zone), TimeSpan.Zero);
    }
}

/// <summary>The window a full delta round covers: from a day ago to the integration's sync window ahead.</summary>
public sealed record SyncWindow(DateTimeOffset Start, DateTimeOffset End)
{
    public static SyncWindow For(Integration integration, DateTimeOffset now) => new(now.AddDays(-1), now.AddDays(integration.Inbound.SyncWindowDays));

    /// <summary>A delta link started with a window ending then still serves: the window has moved less than a day.</summary>
    public bool Keeps(DateTimeOffset? deltaWindowEnd) => deltaWindowEnd is { } end && End - end < TimeSpan.FromDays(1);
}

public sealed record SyncOutcome(int Created, int Updated, int Cancelled, string? SkippedBecause)
{
    public static readonly SyncOutcome None = new(0, 0, 0, null);

    public static SyncOutcome Skipped(string why) => new(0, 0, 0, why);

    /// <summary>The job went back to the outbox to run later (see SyncOptions.MinRoundInterval): nothing of it is done yet.</summary>
    public static SyncOutcome Waits(string why) => new(0, 0, 0, why) { Deferred = true };

    public bool Deferred { get; private init; }

    public SyncOutcome Add(SyncOutcome other) => new(Created + other.Created, Updated + other.Updated, Cancelled + other.Cancelled, SkippedBecause);
}
