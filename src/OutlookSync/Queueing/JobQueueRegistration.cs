using Microsoft.Extensions.Diagnostics.HealthChecks;
using OutlookSync.Queueing.RabbitMq;

namespace OutlookSync.Queueing;

public static class JobQueueRegistration
{
    /// <summary>RabbitMQ when <c>RabbitMq:Url</c> is set, otherwise the in-process queue (embedded default).</summary>
    public static IServiceCollection AddJobQueue(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(RabbitMqOptions.SectionName);
        services.Configure<RabbitMqOptions>(section);
        if (string.IsNullOrWhiteSpace(section[nameof(RabbitMqOptions.Url)]))
        {
            services.AddSingleton<InProcessJobQueue>();
            services.AddSingleton<IJobQueue>(sp => sp.GetRequiredService<InProcessJobQueue>());
            services.AddHealthChecks().AddCheck("queue", () => HealthCheckResult.Healthy("in-process queue (jobs are lost on restart)"));
        }
        else
        {
            services.AddSingleton<RabbitMqConnectionProvider>();
            services.AddSingleton<RabbitMqJobQueue>();
            services.AddSingleton<IJobQueue>(sp => sp.GetRequiredService<RabbitMqJobQueue>());
            services.AddHealthChecks().AddCheck<RabbitMqHealthCheck>("queue");
        }

        return services;
    }
}
