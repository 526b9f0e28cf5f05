namespace OutlookSync.Scheduling;

/// <summary>The last ExecuteIntegrations run, whoever ran it: its age tells whether the cron is running.</summary>
public sealed class CronHeartbeat
{
    public int Id { get; set; }

    public DateTimeOffset LastRunAt { get; set; }

    public required string RunBy { get; set; }

    public int RenewalsQueued { get; set; }

    public int RecreationsQueued { get; set; }

    public int PollsQueued { get; set; }
}
