using Microsoft.Extensions.Options;
using OutlookSync.Hosting;

namespace OutlookSync.Scheduling;

public sealed class CronOptions
{
    public const string SectionName = "Cron";

    /// <summary>How often the built-in schedule runs ExecuteIntegrations (on the service's clock).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>The built-in schedule for ExecuteIntegrations, in processes with the "cron" role; a system cron can run the one-shot command instead.</summary>
public sealed class CronScheduler(IServiceScopeFactory scopes, TimeProvider time, IOptions<CronOptions> options, IOptions<ServiceRoles> roles, ILogger<CronScheduler> logger) : BackgroundService
{
    private PeriodicTimer? _timer;

    /// <summary>The timer starts with the host, not later on the background thread that runs ExecuteAsync, so no tick is missed.</summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        if (roles.Value.RunsCron)
        {
            _timer = new PeriodicTimer(options.Value.Interval, time);
        }

        return base.StartAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _timer?.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_timer is not { } timer)
        {
            return;
        }

        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<ExecuteIntegrations>().RunAsync($"scheduler@{Environment.MachineName}", stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One failed run (broker or database away) must not end the schedule.
                logger.LogError(ex, "ExecuteIntegrations failed; the next run is in {Interval}", options.Value.Interval);
            }
        }
    }
}
