namespace OutlookSync.Queueing;

/// <summary>The queue names of the integration guide; operators see them in RabbitMQ's management UI.</summary>
public static class QueueNames
{
    public const string Inbound = "integration_calendar_inbound";
    public const string RenewWebhook = "integration_calendar_renew_webhook";

    public static string DeadLetter(string queue) => queue + ".dead";
}
