using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using GraphSimulator.Tenants;
using Harness.Testing.Apps;
using Harness.Testing.RabbitMq;
using Harness.Testing.Waiting;
using Microsoft.Extensions.Time.Testing;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using OutlookSync.Diagnostics.Telemetry;
using OutlookSync.Webhooks;
using Xunit;

namespace OutlookSync.Tests.Diagnostics;

/// <summary>
/// One change notification is one connected trace across nodes: Graph's POST on the web node, the job's
/// publish (from the outbox, under the webhook's trace), its processing on a worker node reached through
/// RabbitMQ's message headers, and the worker's Graph calls; and the same flow counted in the service's metrics.
/// Captured with OpenTelemetry's in-memory exporters.
/// </summary>
public sealed class TelemetryTests : IAsyncLifetime
{
    private const string Room = "room.amsterdam";
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 2, 8, 0, 0, TimeSpan.Zero));
    private readonly string _data = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "tracing-test-" + Guid.NewGuid().ToString("N"))).FullName;
    private readonly List<Activity> _spans = [];
    private readonly List<Metric> _metrics = [];
    private TracerProvider _tracing = null!;
    private MeterProvider _metering = null!;
    private SimulatorApp _simulator = null!;
    private VirtualHost _vhost = null!;
    private SyncServiceApp _web = null!;
    private SyncServiceApp _worker = null!;

    public async Task InitializeAsync()
    {
        _tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource(ServiceTelemetry.Name)
            .AddAspNetCoreInstrumentation()
            .AddHttpClientInstrumentation()
            .AddInMemoryExporter(_spans)
            .Build();
        _metering = Sdk.CreateMeterProviderBuilder().AddMeter(ServiceTelemetry.Name).AddInMemoryExporter(_metrics).Build();
        _simulator = new SimulatorApp(_clock);
        await DemoTenantClients.SeedAsync(_simulator);
        _vhost = await (await RabbitMqBroker.SharedAsync()).CreateVirtualHostAsync();
        _web = new SyncServiceApp(_clock, new SyncServiceSettings(_vhost.AmqpUrl, "web", _data, _simulator, SyncServiceApp.FreePort()));
        _worker = new SyncServiceApp(_clock, new SyncServiceSettings(_vhost.AmqpUrl, "worker", _data, _simulator, Extra: new Dictionary<string, string?> { ["Graph:PublicBaseUrl"] = _web.PublicBaseUrl.ToString() }));
        _ = _worker.BaseAddress;
    }

    [Fact]
    public async Task A_notification_is_one_trace_from_the_web_node_through_the_queue_to_the_worker_and_its_graph_calls()
    {
        await ActivateAsync();
        await BookAsync();

        var trace = await Eventually.UntilAsync(() => Task.FromResult(NotificationTrace()), "a webhook notification's trace to reach a worker's Graph call");

        // Found by following parent ids: webhook request > ... > publish > process > ... > Graph call, one trace id.
        var (webhook, publish, process, graphCall) = trace;
        Assert.Equal("web", webhook.GetTagItem("outlooksync.node.roles"));
        Assert.Equal("worker", process.GetTagItem("outlooksync.node.roles"));
        Assert.Equal("integration_calendar_inbound publish", publish.DisplayName);
        Assert.Equal("integration_calendar_inbound process", process.DisplayName);
        Assert.All(new[] { publish, process, graphCall }, span => Assert.Equal(webhook.TraceId, span.TraceId));
    }

    [Fact]
    public async Task The_metrics_count_notifications_jobs_syncs_and_graph_calls()
    {
        await ActivateAsync();
        await BookAsync();
        await Eventually.UntilAsync(() => Task.FromResult(NotificationTrace()), "the notification's job to be processed");
        _metering.ForceFlush();

        // The meter is shared by every host in this test process: these are floors, not exact counts.
        Assert.True(Sum("outlooksync.notifications", ("outcome", "queued")) > 0, Described());
        Assert.True(Sum("outlooksync.jobs", ("queue", "integration_calendar_inbound"), ("outcome", "processed")) > 0, Described());
        Assert.True(Sum("outlooksync.graph.calls", ("http.response.status_code", 200)) > 0, Described());
        Assert.True(_metrics.Where(m => m.Name == "outlooksync.sync.duration").SelectMany(Points).Sum(p => p.GetHistogramCount()) > 0, Described());
    }

    private long Sum(string name, params (string Key, object Value)[] tags) =>
        _metrics.Where(m => m.Name == name).SelectMany(Points)
            .Where(p => tags.All(t => Tags(p).Any(kv => kv.Key == t.Key && Equals(kv.Value, t.Value))))
            .Sum(p => p.GetSumLong());

    private static List<MetricPoint> Points(Metric metric)
    {
        var points = new List<MetricPoint>();
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            points.Add(point);
        }

        return points;
    }

    private static List<KeyValuePair<string, object?>> Tags(MetricPoint point)
    {
        var tags = new List<KeyValuePair<string, object?>>();
        foreach (var tag in point.Tags)
        {
            tags.Add(tag);
        }

        return tags;
    }

    private string Described() => "metrics exported: " + string.Join(", ", _metrics.Select(m => m.Name).Distinct());

    /// <summary>The first webhook POST whose trace has gone all the way: (request, publish, process, Graph delta call).</summary>
    private NotificationSpans? NotificationTrace()
    {
        List<Activity> spans;
        lock (_spans)
        {
            spans = [.. _spans];
        }

        foreach (var webhook in spans.Where(s => s.Kind == ActivityKind.Server && s.GetTagItem("url.path") as string == OutlookWebhookEndpoint.Path && s.GetTagItem("http.request.method") as string == "POST"))
        {
            var trace = spans.Where(s => s.TraceId == webhook.TraceId).ToList();
            foreach (var publish in trace.Where(s => s.Kind == ActivityKind.Producer && IsWithin(s, webhook, trace)))
            {
                foreach (var process in trace.Where(s => s.Kind == ActivityKind.Consumer && s.ParentSpanId == publish.SpanId))
                {
                    var graphCall = trace.FirstOrDefault(s => s.Kind == ActivityKind.Client && IsWithin(s, process, trace)
                        && (s.GetTagItem("url.full") as string ?? "").Contains("/calendarView/delta", StringComparison.OrdinalIgnoreCase));
                    if (graphCall is not null)
                    {
                        return new NotificationSpans(webhook, publish, process, graphCall);
                    }
                }
            }
        }

        return null;
    }

    /// <summary>The span is the ancestor or one of its descendants (following parent ids within the trace).</summary>
    private static bool IsWithin(Activity span, Activity ancestor, List<Activity> trace)
    {
        for (Activity? current = span; current is not null; current = trace.FirstOrDefault(s => s.SpanId == current.ParentSpanId))
        {
            if (current.SpanId == ancestor.SpanId)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>An organizer books the room through the simulator's control API; Graph's notification goes out.</summary>
    private async Task BookAsync()
    {
        using var control = _simulator.CreateHttpClient();
        var start = _clock.GetUtcNow().UtcDateTime.Date.AddDays(1).AddHours(10);
        (await control.PostAsJsonAsync($"control/mailboxes/alex.wilber@{DemoTenant.Domain}/meetings", new
        {
            subject = "Planning",
            start = new { dateTime = start.ToString("s"), timeZone = "UTC" },
            end = new { dateTime = start.AddHours(1).ToString("s"), timeZone = "UTC" },
            attendees = new[] { new { type = "resource", emailAddress = new { address = $"{Room}@{DemoTenant.Domain}" } } },
        })).EnsureSuccessStatusCode();
        await Settling.SimulatorAsync(_simulator);
    }

    private async Task ActivateAsync()
    {
        var (id, _) = await _web.MapRoomsAsync("Rooms", DemoTenant.TenantId, DemoTenant.AppId, DemoTenant.ClientSecret, [$"{Room}@{DemoTenant.Domain}"]);
        await _web.AdminPostAsync<JsonElement>($"api/admin/integrations/{id}/activate", new { });
        await Settling.ServiceAsync(_simulator, [_web, _worker], _clock, clockMoved: false);
    }

    private sealed record NotificationSpans(Activity Webhook, Activity Publish, Activity Process, Activity GraphCall);

    public async Task DisposeAsync()
    {
        await _worker.DisposeAsync();
        await _web.DisposeAsync();
        await _simulator.DisposeAsync();
        await _vhost.DisposeAsync();
        _tracing.Dispose();
        _metering.Dispose();
        Directory.Delete(_data, recursive: true);
    }
}
