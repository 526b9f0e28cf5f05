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
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!roles.Value.RunsCron)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.Interval, time);
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
