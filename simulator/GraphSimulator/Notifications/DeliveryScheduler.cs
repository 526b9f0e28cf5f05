using System.Threading.Channels;

namespace GraphSimulator.Notifications;

/// <summary>
/// Decides when each notification is posted: after Graph's latency, batched with the other changes of its
/// subscription within it (<see cref="SimulatorOptions.NotificationLatency"/>), after a back-off (failures are
/// retried for up to four simulated hours, then dropped), later or twice or out of order (control API), or not
/// at all (slow endpoints past Graph's thresholds, expired subscriptions).
/// </summary>
public sealed class DeliveryScheduler(TimeProvider time, DeliveryLog log, ILogger<DeliveryScheduler> logger, TimeSpan latency = default)
{
    public static readonly TimeSpan RetryFor = TimeSpan.FromHours(4);
    public static readonly TimeSpan SlowThreshold = TimeSpan.FromMilliseconds(2900);
    private static readonly TimeSpan SlowWindow = TimeSpan.FromMinutes(10);

    private readonly Channel<Delivery> _ready = Channel.CreateUnbounded<Delivery>();
    private readonly Lock _gate = new();
    private readonly List<Delivery> _waiting = [];

    // Change notifications on their way (Graph's latency), one batch per subscription.
    private readonly Dictionary<string, List<Delivery>> _inTransit = new(StringComparer.Ordinal);
    private Clock.DueTimer? _transitTimer;

    private Clock.DueTimer TransitTimer => _transitTimer ??= new Clock.DueTimer(time, ReleaseInTransit);
    private readonly Dictionary<string, SlowCounter> _slow = new(StringComparer.OrdinalIgnoreCase);
    private DeliveryBehaviour _behaviour = DeliveryBehaviour.Normal;
    private int _behaviourLeft = -1;
    private Delivery? _heldForReorder;

    private int _readyOrPosting;

    public ChannelReader<Delivery> Ready => _ready.Reader;

    /// <summary>Nothing ready and nothing being posted (retries may still wait for their time).</summary>
    public bool IsIdle => Volatile.Read(ref _readyOrPosting) == 0;

    /// <summary>The pump has finished with a delivery it read from <see cref="Ready"/>.</summary>
    public void Finished() => Interlocked.Decrement(ref _readyOrPosting);

    private void MakeReady(Delivery delivery)
    {
        Interlocked.Increment(ref _readyOrPosting);
        _ready.Writer.TryWrite(delivery);
    }

    public DeliveryBehaviour Behaviour
    {
        get
        {
            lock (_gate)
            {
                return _behaviour;
            }
        }

        set
        {
            lock (_gate)
            {
                _behaviour = value;
                _behaviourLeft = value.Count;
            }
        }
    }

    /// <summary>When the next batch on its way is posted (simulated time), if any: tests jump the clock there.</summary>
    public DateTimeOffset? NextInTransit
    {
        get
        {
            lock (_gate)
            {
                return _inTransit.Count == 0 ? null : _inTransit.Values.Min(batch => batch[0].DueAt);
            }
        }
    }

    public int Waiting
    {
        get
        {
            lock (_gate)
            {
                return _waiting.Count;
            }
        }
    }

    /// <summary>A new notification: applies the control behaviour and the slow-endpoint rules.</summary>
    public void Enqueue(Delivery delivery)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            switch (SlowVerdict(delivery.Url, now))
            {
                case SlowState.Drop:
                    Dropped(delivery, "dropped: slow endpoint (15% of notifications over 2.9 s)");
                    return;
                case SlowState.Delay:
                    _waiting.Add(delivery with { DueAt = now + SlowWindow });
                    return;
            }

            var mode = TakeBehaviour(delivery);
            switch (mode)
            {
                case DeliveryMode.Drop:
                    Dropped(delivery, "dropped: by the control API");
                    return;
                case DeliveryMode.Duplicate:
                    MakeReady(delivery);
                    MakeReady(delivery with { Id = Guid.NewGuid().ToString("N") });
                    return;
                case DeliveryMode.Delay:
                    _waiting.Add(delivery with { DueAt = now + _behaviour.Delay });
                    return;
                case DeliveryMode.Reorder when _heldForReorder is null:
                    _heldForReorder = delivery;
                    return;
            }

            Action<Delivery> send = latency > TimeSpan.Zero && delivery.Kind == Delivery.Change ? d => Transit(d, now) : MakeReady;
            send(delivery with { Joinable = delivery.Kind == Delivery.Change && delivery.Attempt == 0 });
            if (_heldForReorder is { } held && held.Id != delivery.Id)
            {
                // The held notification goes out after a later one: out of order, as Graph may deliver.
                _heldForReorder = null;
                send(held);
            }
        }
    }

    /// <summary>The first change of a subscription opens a batch due after the latency; later ones join it until it goes.</summary>
    private void Transit(Delivery delivery, DateTimeOffset now)
    {
        if (_inTransit.TryGetValue(delivery.SubscriptionId, out var batch))
        {
            batch.Add(delivery with { DueAt = batch[0].DueAt });
            return;
        }

        _inTransit[delivery.SubscriptionId] = [delivery with { DueAt = now + latency }];
        TransitTimer.At(now + latency);
    }

    /// <summary>Posts every batch whose latency has passed, as one delivery per subscription.</summary>
    public void ReleaseInTransit()
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            foreach (var (subscription, batch) in _inTransit.Where(b => b.Value[0].DueAt <= now).ToList())
            {
                _inTransit.Remove(subscription);
                MakeReady(Delivery.Batch(batch));
            }

            if (_inTransit.Count > 0)
            {
                TransitTimer.At(_inTransit.Values.Min(batch => batch[0].DueAt));
            }
        }
    }

    /// <summary>A delivery was attempted: schedule its retry, or give it up after four hours.</summary>
    public void Completed(Delivery delivery, DeliveryAttempt attempt)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            CountSpeed(delivery.Url, attempt.Elapsed, now);
            if (attempt.Succeeded)
            {
                return;
            }

            var attempts = delivery.Attempt + 1;
            delivery = delivery with { Joinable = false };
            var due = now + Backoff(attempts);
            if (due - delivery.FirstAttemptAt > RetryFor)
            {
                Dropped(delivery with { Attempt = attempts }, "dropped: retried for 4 hours");
                return;
            }

            _waiting.Add(delivery with { Attempt = attempts, DueAt = due });
        }
    }

    /// <summary>Moves retries and delayed deliveries that are due onto the ready queue.</summary>
    public void ReleaseDue()
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            foreach (var due in _waiting.Where(d => d.DueAt <= now).OrderBy(d => d.DueAt).ToList())
            {
                _waiting.Remove(due);
                MakeReady(due);
            }
        }
    }

    /// <summary>An expired or deleted subscription stops delivering: its pending notifications go.</summary>
    public void Forget(string subscriptionId)
    {
        lock (_gate)
        {
            _inTransit.Remove(subscriptionId);
            _waiting.RemoveAll(d => d.SubscriptionId == subscriptionId && d.Kind == Delivery.Change);
        }
    }

    /// <summary>1, 2, 4, 8, 16 minutes, then every 30 minutes.</summary>
    public static TimeSpan Backoff(int failedAttempts) =>
        TimeSpan.FromMinutes(Math.Min(30, Math.Pow(2, Math.Max(0, failedAttempts - 1))));

    private DeliveryMode TakeBehaviour(Delivery delivery)
    {
        if (_behaviour.Mode == DeliveryMode.Normal || _behaviourLeft == 0 || delivery.Kind != Delivery.Change
            || (_behaviour.SubscriptionId is { } only && only != delivery.SubscriptionId))
        {
            return DeliveryMode.Normal;
        }

        if (_behaviourLeft > 0)
        {
            _behaviourLeft--;
        }

        return _behaviour.Mode;
    }

    private void Dropped(Delivery delivery, string why)
    {
        logger.LogInformation("Notification {What} for subscription {SubscriptionId} {Why}", delivery.What, delivery.SubscriptionId, why);
        log.Add(new DeliveryAttempt(delivery.SubscriptionId, delivery.What, delivery.ResourceId, time.GetUtcNow(), null, why, TimeSpan.Zero, delivery.Kind, delivery.Attempt));
    }

    private void CountSpeed(string url, TimeSpan elapsed, DateTimeOffset now)
    {
        var counter = Counter(url, now);
        counter.Total++;
        if (elapsed > SlowThreshold)
        {
            counter.Slow++;
        }
    }

    private SlowState SlowVerdict(string url, DateTimeOffset now)
    {
        var counter = Counter(url, now);
        if (counter.Total < 100)
        {
            return SlowState.Fine;
        }

        var share = (double)counter.Slow / counter.Total;
        return share >= 0.15 ? SlowState.Drop : share >= 0.10 ? SlowState.Delay : SlowState.Fine;
    }

    private SlowCounter Counter(string url, DateTimeOffset now)
    {
        if (!_slow.TryGetValue(url, out var counter) || now - counter.Since >= SlowWindow)
        {
            _slow[url] = counter = new SlowCounter(now);
        }

        return counter;
    }

    private enum SlowState
    {
        Fine,
        Delay,
        Drop,
    }

    private sealed class SlowCounter(DateTimeOffset since)
    {
        public DateTimeOffset Since { get; } = since;

        public int Total { get; set; }

        public int Slow { get; set; }
    }
}
