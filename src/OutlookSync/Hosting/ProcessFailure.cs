namespace OutlookSync.Hosting;

/// <summary>
/// A failure that retrying cannot fix (the broker refuses our configuration, the database cannot be
/// opened): logged once as critical, and the process stops with exit code 1 so that a supervisor's
/// restart-on-failure policy and its alerts see it. An outage, by contrast, is retried and shown in /health.
/// </summary>
public sealed class ProcessFailure(IHostApplicationLifetime lifetime, ILogger<ProcessFailure> logger)
{
    public const int FailedExitCode = 1;

    public int ExitCode { get; private set; }

    public string? Reason { get; private set; }

    public void Stop(string reason)
    {
        if (ExitCode == 0)
        {
            (ExitCode, Reason) = (FailedExitCode, reason);
            logger.LogCritical("Stopping the service: {Reason}", reason);
        }

        lifetime.StopApplication();
    }
}
