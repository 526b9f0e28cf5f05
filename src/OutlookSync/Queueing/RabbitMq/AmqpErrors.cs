using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;

namespace OutlookSync.Queueing.RabbitMq;

/// <summary>
/// Tells a broker outage (retry: the broker comes back) from a configuration the broker refuses (stop:
/// retrying cannot help, and a supervisor should see a failed process, not a healthy-looking idle one).
/// </summary>
public static class AmqpErrors
{
    /// <summary>Closed by the network or a broker restart, which RabbitMQ.Client recovers from by itself.</summary>
    public static bool IsRecoverable(ShutdownEventArgs reason) =>
        reason.Initiator != ShutdownInitiator.Application && !IsRefusal(reason.ReplyCode);

    public static void ThrowIfFatal(ShutdownEventArgs reason, RabbitMqOptions options)
    {
        if (IsRefusal(reason.ReplyCode))
        {
            throw new QueueMisconfiguredException(Explain(reason.ReplyCode, reason.ReplyText, options));
        }
    }

    public static void ThrowIfFatal(Exception ex, RabbitMqOptions options)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case AuthenticationFailureException auth:
                    throw new QueueMisconfiguredException($"RabbitMQ at {options.SafeUrl} refused the user name or password in RabbitMq:Url ({auth.Message}).", ex);
                case OperationInterruptedException { ShutdownReason: { } reason } when IsRefusal(reason.ReplyCode):
                    throw new QueueMisconfiguredException(Explain(reason.ReplyCode, reason.ReplyText, options), ex);
                case AlreadyClosedException { ShutdownReason: { } reason } when IsRefusal(reason.ReplyCode):
                    throw new QueueMisconfiguredException(Explain(reason.ReplyCode, reason.ReplyText, options), ex);
            }
        }
    }

    /// <summary>The innermost useful words of a connection failure ("Connection refused"), without the stack.</summary>
    public static string Describe(Exception ex)
    {
        var inner = ex;
        while (inner.InnerException is not null)
        {
            inner = inner.InnerException;
        }

        return inner.Message;
    }

    // 403 access refused, 530 not allowed (unknown virtual host), 406 precondition failed (queue declared with other arguments).
    private static bool IsRefusal(ushort code) => code is Constants.AccessRefused or Constants.NotAllowed or Constants.PreconditionFailed;

    private static string Explain(ushort code, string text, RabbitMqOptions options) => code switch
    {
        Constants.NotAllowed => $"RabbitMQ at {options.SafeUrl} refused the connection: {text}. Create the virtual host or correct RabbitMq:Url.",
        Constants.AccessRefused => $"RabbitMQ at {options.SafeUrl} refused access: {text}. Give the user permissions on the virtual host or correct RabbitMq:Url.",
        Constants.PreconditionFailed => $"RabbitMQ refused to declare a queue: {text}. The queue exists with other settings: set RabbitMq:DeliveryLimit to the existing queue's value, or delete the queue (after draining it) so it is declared again.",
        _ => $"RabbitMQ at {options.SafeUrl} refused: {code} {text}",
    };
}

/// <summary>The broker refuses this service's configuration; retrying cannot help, the process must stop and say why.</summary>
public sealed class QueueMisconfiguredException(string message, Exception? inner = null) : Exception(message, inner);
