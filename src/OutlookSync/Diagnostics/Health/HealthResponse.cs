using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OutlookSync.Diagnostics.Health;

/// <summary>/health's body: the overall status and each check's status and reason, as JSON (200 Healthy/Degraded, 503 Unhealthy).</summary>
public static class HealthResponse
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(
                e => e.Key,
                e => new { status = e.Value.Status.ToString(), description = e.Value.Description ?? e.Value.Exception?.Message, durationMs = (int)e.Value.Duration.TotalMilliseconds }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, Json));
    }
}
