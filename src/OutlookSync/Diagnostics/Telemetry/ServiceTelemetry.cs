using System.Diagnostics;

namespace OutlookSync.Diagnostics.Telemetry;

/// <summary>
/// The service's own trace spans and how their context crosses the queue: a job carries the W3C traceparent of
/// the work that queued it (in its outbox row, then in the message's headers), so one notification is one trace
/// from the webhook on a web node to the worker's Graph calls on another node.
/// </summary>
public static class ServiceTelemetry
{
    public const string Name = "OutlookSync";

    public static readonly ActivitySource Source = new(Name);

    /// <summary>The current trace context as a W3C traceparent, to store with a job; null outside a trace.</summary>
    public static string? CurrentTraceParent() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current.Id : null;

    /// <summary>Publishing a job: a producer span under the trace that queued it (its stored traceparent).</summary>
    public static Activity? StartPublish(string queue, string? traceParent) =>
        Messaging(queue, "publish", ActivityKind.Producer, ActivityContext.TryParse(traceParent, null, out var parent) ? parent : default);

    /// <summary>Handling a job: a consumer span continuing the trace the message's headers carry.</summary>
    public static Activity? StartProcess(string queue, IDictionary<string, object?>? headers)
    {
        DistributedContextPropagator.Current.ExtractTraceIdAndState(headers, ReadHeader, out var traceParent, out var traceState);
        return StartProcess(queue, traceParent, traceState);
    }

    /// <summary>Handling a job of the in-process queue: the trace it was published under.</summary>
    public static Activity? StartProcess(string queue, string? traceParent, string? traceState = null)
    {
        var parent = ActivityContext.TryParse(traceParent, traceState, out var context) ? context : default;
        return Messaging(queue, "process", ActivityKind.Consumer, parent);
    }

    /// <summary>Writes the current trace context into a message's headers (traceparent, tracestate).</summary>
    public static void Inject(IDictionary<string, object?> headers) =>
        DistributedContextPropagator.Current.Inject(Activity.Current, headers, (carrier, key, value) => ((IDictionary<string, object?>)carrier!)[key] = value);

    /// <summary>A span named and tagged by OpenTelemetry's messaging conventions.</summary>
    private static Activity? Messaging(string queue, string operation, ActivityKind kind, ActivityContext parent) =>
        Source.StartActivity($"{queue} {operation}", kind, parent)
            ?.SetTag("messaging.system", "rabbitmq").SetTag("messaging.destination.name", queue).SetTag("messaging.operation.type", operation);

    private static void ReadHeader(object? carrier, string name, out string? value, out IEnumerable<string>? values)
    {
        values = null;
        value = (carrier as IDictionary<string, object?>)?.TryGetValue(name, out var raw) == true
            ? raw switch { byte[] bytes => System.Text.Encoding.UTF8.GetString(bytes), string text => text, _ => null }
            : null;
    }
}
