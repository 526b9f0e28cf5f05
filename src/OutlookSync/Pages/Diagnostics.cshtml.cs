using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OutlookSync.Bookings;
using OutlookSync.Diagnostics;
using OutlookSync.Diagnostics.Readiness;
using OutlookSync.Integrations;
using OutlookSync.Queueing;
using OutlookSync.Scheduling;
using OutlookSync.Storage;
using OutlookSync.Subscriptions;
using OutlookSync.Webhooks;

namespace OutlookSync.Pages;

/// <summary>
/// The diagnostics screen (PROD-09, STEP-6): each calendar's subscription and last sync, the webhook's
/// handshakes and notifications, queues, cron and workers, the readiness check on demand, the bookings.
/// </summary>
public sealed class DiagnosticsModel(SyncDbContext db, ServiceState state, WebhookCounters counters, ReadinessCheck readiness, IOptions<CronOptions> cron) : PageModel
{
    private const int Shown = 50;

    public sealed record QueueRow(string Name, string Messages, string Consumers, string DeadLetters, int InFlightHere);

    public List<Integration> Integrations { get; private set; } = [];

    // By calendar and by id: looked up once per row, so the screen stays linear in the number of rooms.
    private Dictionary<int, GraphSubscription> _subscriptions = [];
    private Dictionary<int, string> _objectNames = [];

    public List<Booking> Bookings { get; private set; } = [];

    public List<WebhookEvent> Validations { get; private set; } = [];

    public List<WebhookEvent> Notifications { get; private set; } = [];

    public List<QueueRow> Queues { get; private set; } = [];

    public CronView Cron { get; private set; } = null!;

    public TimeSpan CronInterval => cron.Value.Interval;

    public IReadOnlyList<NodeView> Nodes { get; private set; } = [];

    public WebhookCounters Counters => counters;

    public ReadinessReport? Readiness { get; private set; }

    public GraphSubscription? SubscriptionOf(int mappingId) => _subscriptions.GetValueOrDefault(mappingId);

    public IReadOnlyList<ActivationProgress> Activations { get; private set; } = [];

    public ActivationProgress? ActivationOf(int integrationId) => Activations.FirstOrDefault(a => a.IntegrationId == integrationId);

    public string ObjectName(int id) => _objectNames.TryGetValue(id, out var name) ? name : $"#{id}";

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostReadinessAsync(int integrationId, string? probeMailbox, CancellationToken cancellationToken)
    {
        if (probeMailbox is { Length: > 0 } probe && (probe.Length > 320 || !System.Net.Mail.MailAddress.TryCreate(probe, out _)))
        {
            ModelState.AddModelError("probeMailbox", "The probe mailbox is a person's UPN (user@domain).");
            probeMailbox = null;
        }

        Readiness = await readiness.RunAsync(integrationId, string.IsNullOrWhiteSpace(probeMailbox) ? null : probeMailbox.Trim(), cancellationToken);
        if (Readiness is null)
        {
            return NotFound();
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Integrations = await db.Integrations.AsNoTracking().Include(i => i.Mappings).OrderBy(i => i.Id).ToListAsync(cancellationToken);
        Activations = await state.ActivationsAsync(cancellationToken);
        _subscriptions = await db.Subscriptions.ByCalendarAsync(cancellationToken);
        _objectNames = await db.Objects.AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.Name, cancellationToken);
        Bookings = await db.Bookings.AsNoTracking().OrderBy(b => b.ObjectId).ThenBy(b => b.Start).Take(200).ToListAsync(cancellationToken);
        var events = db.WebhookEvents.AsNoTracking().OrderByDescending(e => e.Id);
        Validations = await events.Where(e => e.Kind == "validation").Take(Shown).ToListAsync(cancellationToken);
        Notifications = await events.Where(e => e.Kind == "notification").Take(Shown).ToListAsync(cancellationToken);
        Cron = await state.CronAsync(cancellationToken);
        Nodes = await state.NodesAsync(cancellationToken);
        foreach (var row in await state.QueuesAsync(cancellationToken))
        {
            var dead = row.DeadLetters?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown";
            Queues.Add(row.Problem is { } problem
                ? new QueueRow(row.Name, "unknown", "unknown", dead, row.InFlightHere)
                : new QueueRow(row.Name, row.Messages.ToString(System.Globalization.CultureInfo.InvariantCulture), row.Consumers.ToString(System.Globalization.CultureInfo.InvariantCulture), dead, row.InFlightHere));
        }
    }
}
