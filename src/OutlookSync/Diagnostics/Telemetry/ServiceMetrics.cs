using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace OutlookSync.Diagnostics.Telemetry;

/// <summary>
/// The service's OpenTelemetry metrics (meter "OutlookSync"): notifications by outcome, jobs by queue and outcome,
/// sync duration, renewals, and Graph calls by status (429s included).
/// </summary>
public sealed class ServiceMetrics
{
    private readonly Counter<long> _notifications;
    private readonly Counter<long> _jobs;
    private readonly Histogram<double> _syncDuration;
    private readonly Counter<long> _renewals;
    private readonly Counter<long> _graphCalls;

    public ServiceMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(ServiceTelemetry.Name);
        _notifications = meter.CreateCounter<long>("outlooksync.notifications", "{notification}", "Change notifications received by the webhook, by outcome (queued, rejected, ignored, malformed, too_large, refused).");
        _jobs = meter.CreateCounter<long>("outlooksync.jobs", "{job}", "Jobs handled by the workers, by queue and outcome (processed, failed, deferred: Graph throttled it, dead_lettered).");
        _syncDuration = meter.CreateHistogram<double>("outlooksync.sync.duration", "s", "Duration of one inbound sync of one calendar (Graph read and apply).");
        _renewals = meter.CreateCounter<long>("outlooksync.subscription.renewals", "{renewal}", "Subscriptions renewed or recreated, by kind.");
        _graphCalls = meter.CreateCounter<long>("outlooksync.graph.calls", "{call}", "Calls to Microsoft Graph, by HTTP status code (429 = throttled).");
    }

    public void Notifications(string outcome, int count = 1) => _notifications.Add(count, new KeyValuePair<string, object?>("outcome", outcome));

    public void Job(string queue, string outcome) =>
        _jobs.Add(1, new KeyValuePair<string, object?>("queue", queue), new KeyValuePair<string, object?>("outcome", outcome));

    public void SyncDuration(TimeSpan elapsed) => _syncDuration.Record(elapsed.TotalSeconds);

    public void Renewal(string kind) => _renewals.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public void GraphCall(int status) => _graphCalls.Add(1, new KeyValuePair<string, object?>("http.response.status_code", status));
}
