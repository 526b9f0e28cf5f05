using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OutlookSync.Diagnostics.Health;
using OutlookSync.Queueing.RabbitMq;
using OutlookSync.Storage;

namespace OutlookSync.Diagnostics;

public static class HealthEndpoints
{
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(3);

    public static IServiceCollection AddServiceHealthChecks(this IServiceCollection services, IConfiguration configuration)
    {
        var checks = services.AddHealthChecks()
            .AddDbContextCheck<SyncDbContext>("database", HealthStatus.Unhealthy)
            .AddCheck<ConsumersHealthCheck>("consumers")
            .AddCheck<QueuesHealthCheck>("queues", timeout: CheckTimeout)
            .AddCheck<OutboxHealthCheck>("outbox")
            .AddCheck<Scheduling.CronHealthCheck>("cron")
            .AddCheck<CalendarsHealthCheck>("calendars");
        if (!string.IsNullOrWhiteSpace(configuration[$"{RabbitMqOptions.SectionName}:{nameof(RabbitMqOptions.Url)}"]))
        {
            checks.AddCheck<BrokerHealthCheck>("broker", timeout: CheckTimeout);
        }

        services.AddHostedService<NodeReporter>();
        services.AddSingleton<SyncCounters>();
        services.AddScoped<ServiceState>();
        services.AddScoped<Readiness.ReadinessCheck>();
        return services;
    }

    /// <summary>Anonymous on purpose: load balancers and monitors call it; it names problems, never secrets.</summary>
    public static IEndpointRouteBuilder MapServiceHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = HealthResponse.WriteAsync }).AllowAnonymous();
        return app;
    }
}
