namespace GraphSimulator.Clock;

/// <summary>
/// The standalone simulator's clock: real time plus an offset that the control API moves forward, so a
/// person can skip three days. Tests inject their own FakeTimeProvider instead.
/// </summary>
public sealed class SimulatedClock(TimeProvider real) : TimeProvider
{
    private long _offsetTicks;

    /// <summary>Raised after every jump, so due expiries and retries happen on the way.</summary>
    public event Action? Advanced;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public override DateTimeOffset GetUtcNow() => real.GetUtcNow() + Offset;

    public override long GetTimestamp() => real.GetTimestamp() + (long)(Offset.TotalSeconds * real.TimestampFrequency);

    public override long TimestampFrequency => real.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => real.LocalTimeZone;

    public void Advance(TimeSpan by)
    {
        if (by < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(by), "The clock only moves forward.");
        }

        Interlocked.Add(ref _offsetTicks, by.Ticks);
        Advanced?.Invoke();
    }
}
