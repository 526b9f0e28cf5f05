using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace OutlookSync.Diagnostics.Telemetry;

public static class TelemetryRegistration
{
    /// <summary>
    /// OpenTelemetry traces (the service's spans, ASP.NET Core, HttpClient — Graph calls included) and metrics.
    /// Exported over OTLP only when the standard OTEL_EXPORTER_OTLP_ENDPOINT (or a per-signal endpoint) is set;
    /// OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES name the node as usual.
    /// </summary>
    public static IServiceCollection AddServiceTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<ServiceMetrics>();
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("outlook-sync"))
            .WithTracing(tracing => tracing
                .AddSource(ServiceTelemetry.Name)
                .AddAspNetCoreInstrumentation(options =>
                {
                    options.Filter = context => !context.Request.Path.StartsWithSegments("/health");
                    // Which kind of node answered: a trace then shows the hop from a web node to a worker node.
                    options.EnrichWithHttpRequest = (activity, request) =>
                        activity.SetTag("outlooksync.node.roles", request.HttpContext.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<Hosting.ServiceRoles>>().Value.Roles);
                })
                .AddHttpClientInstrumentation())
            .WithMetrics(metrics => metrics
                .AddMeter(ServiceTelemetry.Name)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation());
        if (new[] { "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT" }.Any(name => configuration[name] is { Length: > 0 }))
        {
            telemetry.UseOtlpExporter();
        }

        return services;
    }
}
