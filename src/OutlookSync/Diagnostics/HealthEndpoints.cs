namespace OutlookSync.Diagnostics;

public static class HealthEndpoints
{
    public static IServiceCollection AddServiceHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<Scheduling.CronHealthCheck>("cron");
        services.AddHostedService<NodeReporter>();
        services.AddSingleton<SyncCounters>();
        services.AddScoped<ServiceState>();
        services.AddScoped<Readiness.ReadinessCheck>();
        return services;
    }

    /// <summary>Anonymous on purpose: load balancers and monitors call it; it shows no secrets.</summary>
    public static IEndpointRouteBuilder MapServiceHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health").AllowAnonymous();
        return app;
    }
}
