using OutlookSync.Queueing.Outbox;
using OutlookSync.Queueing.RabbitMq;

namespace OutlookSync.Queueing;

public static class JobQueueRegistration
{
    /// <summary>
    /// RabbitMQ when <c>RabbitMq:Url</c> is set, otherwise the in-process queue (embedded default); either
    /// way jobs enter through the outbox and its relay.
    /// </summary>
    public static IServiceCollection AddJobQueue(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(RabbitMqOptions.SectionName);
        services.AddOptions<RabbitMqOptions>().Bind(section)
            .Validate(o => string.IsNullOrWhiteSpace(o.Url) || Uri.TryCreate(o.Url, UriKind.Absolute, out var uri) && uri.Scheme is "amqp" or "amqps",
                "RabbitMq:Url must be an amqp:// or amqps:// URL (or empty for the in-process queue).")
            .Validate(o => o.DeliveryLimit > 0 && o.Prefetch > 0, "RabbitMq:DeliveryLimit and RabbitMq:Prefetch must be positive.")
            .ValidateOnStart();
        if (string.IsNullOrWhiteSpace(section[nameof(RabbitMqOptions.Url)]))
        {
            services.AddSingleton<InProcessJobQueue>();
            services.AddSingleton<IJobQueue>(sp => sp.GetRequiredService<InProcessJobQueue>());
        }
        else
        {
            services.AddSingleton<RabbitMqConnectionProvider>();
            services.AddSingleton<RabbitMqJobQueue>();
            services.AddSingleton<IJobQueue>(sp => sp.GetRequiredService<RabbitMqJobQueue>());
        }

        services.AddSingleton<ConsumerRegistry>();
        services.AddSingleton<WorkTracker>();
        services.AddSingleton<WorkerServices>();
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<OutboxCommitInterceptor>();
        services.AddScoped<JobOutbox>();
        services.AddSingleton<OutboxRelay>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxRelay>());
        return services;
    }
}
