namespace OutlookSync.Queueing.RabbitMq;

public sealed class RabbitMqOptions
{
    public const string SectionName = "RabbitMq";

    /// <summary>amqp://user:password@host:5672/vhost. Empty means: use the in-process queue.</summary>
    public string? Url { get; set; }

    /// <summary>Unacknowledged jobs a worker holds at once.</summary>
    public ushort Prefetch { get; set; } = 16;

    /// <summary>
    /// Jobs of one queue a worker handles at the same time (never two for the same calendar: see CalendarGates).
    /// At most <see cref="Prefetch"/>.
    /// </summary>
    public ushort Concurrency { get; set; } = 4;

    /// <summary>Redeliveries before a job that keeps failing goes to the queue's ".dead" queue.</summary>
    public int DeliveryLimit { get; set; } = 5;

    /// <summary>The URL without its password, for logs and error messages.</summary>
    public string SafeUrl => Redact(Url);

    public static string Redact(string? url)
    {
        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return "(not set)";
        }

        var user = uri.UserInfo.Split(':')[0];
        var builder = new UriBuilder(uri) { Password = "", UserName = user };
        return builder.Uri.ToString();
    }
}
