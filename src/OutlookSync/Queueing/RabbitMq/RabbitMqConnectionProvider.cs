using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;

namespace OutlookSync.Queueing.RabbitMq;

/// <summary>
/// One connection per process. Once opened it is left to RabbitMQ.Client's automatic recovery, which
/// reconnects and restores channels and consumers after a broker restart or a network cut: a connection
/// that is recovering is never disposed here (doing so ends the recovery and strands every consumer).
/// A new connection is made only when there never was one, or the old one was closed for good.
/// </summary>
public sealed class RabbitMqConnectionProvider(IOptions<RabbitMqOptions> options, TimeProvider time, ILogger<RabbitMqConnectionProvider> logger) : IAsyncDisposable
{
    // Broker reconnection runs on real time: an outage lasts real seconds whatever the service's clock says.
    private static readonly TimeSpan RecoveryInterval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan RetryNotBefore = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private IConnection? _connection;
    private (DateTimeOffset At, QueueUnavailableException Error)? _lastFailure;

    public RabbitMqOptions Options => options.Value;

    /// <summary>Since when the broker has been unavailable to this process, and why; null while connected.</summary>
    public BrokerOutage? Outage { get; private set; }

    public async Task<IConnection> GetAsync(CancellationToken cancellationToken)
    {
        if (_connection is { IsOpen: true } open)
        {
            return open;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_connection is { IsOpen: true } reopened)
            {
                return reopened;
            }

            if (_connection is { CloseReason: { } reason } closed)
            {
                if (AmqpErrors.IsRecoverable(reason))
                {
                    throw new QueueUnavailableException($"RabbitMQ at {Options.SafeUrl} is unavailable ({reason.ReplyText}); reconnecting every {RecoveryInterval.TotalSeconds:0} s.");
                }

                _connection = null;
                await closed.DisposeAsync();
                AmqpErrors.ThrowIfFatal(reason, Options);
            }

            // Many callers (workers, the relay, /health) ask at once while the broker is away: one attempt a second is enough.
            if (_lastFailure is { } failure && TimeProvider.System.GetUtcNow() - failure.At < RetryNotBefore) // wall-clock ok
            {
                throw failure.Error;
            }

            _connection = await ConnectAsync(cancellationToken);
            _lastFailure = null;
            Outage = null;
            return _connection;
        }
        catch (BrokerUnreachableException ex)
        {
            AmqpErrors.ThrowIfFatal(ex, Options);
            var error = new QueueUnavailableException($"RabbitMQ at {Options.SafeUrl} is unreachable: {AmqpErrors.Describe(ex)}", ex);
            _lastFailure = (TimeProvider.System.GetUtcNow(), error); // wall-clock ok
            Outage ??= new BrokerOutage(time.GetUtcNow(), error.Message);
            throw error;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<IConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var factory = new ConnectionFactory
        {
            Uri = new Uri(Options.Url!),
            AutomaticRecoveryEnabled = true,
            TopologyRecoveryEnabled = true,
            NetworkRecoveryInterval = RecoveryInterval,
            ClientProvidedName = $"OutlookSync@{Environment.MachineName}",
            RequestedConnectionTimeout = TimeSpan.FromSeconds(5),
        };
        // The broker closes a connection to an unknown virtual host just after opening it (530): the first
        // channel then fails with that reason, which AmqpErrors reports as fatal, not as an outage.
        var connection = await factory.CreateConnectionAsync(cancellationToken);
        connection.ConnectionShutdownAsync += OnShutdownAsync;
        connection.RecoverySucceededAsync += OnRecoveredAsync;
        logger.LogInformation("Connected to RabbitMQ at {Broker}", Options.SafeUrl);
        return connection;
    }

    private Task OnShutdownAsync(object? sender, ShutdownEventArgs args)
    {
        if (args.Initiator != ShutdownInitiator.Application)
        {
            Outage ??= new BrokerOutage(time.GetUtcNow(), $"connection lost ({args.ReplyCode} {args.ReplyText})");
            logger.LogWarning("Lost the connection to RabbitMQ at {Broker} ({Code} {Reason}); reconnecting", Options.SafeUrl, args.ReplyCode, args.ReplyText);
        }

        return Task.CompletedTask;
    }

    private Task OnRecoveredAsync(object? sender, AsyncEventArgs args)
    {
        Outage = null;
        logger.LogInformation("Reconnected to RabbitMQ at {Broker}; channels and consumers restored", Options.SafeUrl);
        return Task.CompletedTask;
    }

    /// <summary>Drops the connection the way a crashed process would (tests: a node killed mid-job).</summary>
    public async Task AbortAsync()
    {
        if (_connection is { } connection)
        {
            await connection.CloseAsync(Constants.InternalError, "aborted", TimeSpan.FromSeconds(1), abort: true);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        _gate.Dispose();
    }
}

/// <summary>The broker has been out of reach since <paramref name="Since"/> (the service's clock).</summary>
public sealed record BrokerOutage(DateTimeOffset Since, string Reason);
