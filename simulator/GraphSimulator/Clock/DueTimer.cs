namespace GraphSimulator.Clock;

/// <summary>
/// One timer on the simulator's clock that fires at the earliest moment it was asked for. A system timer may fire
/// a little before the clock reads that moment, so the owner re-arms it for whatever is still waiting after it fired.
/// </summary>
public sealed class DueTimer(TimeProvider time, Action release) : IDisposable
{
    private static readonly TimeSpan Shortest = TimeSpan.FromMilliseconds(1);
    private readonly Lock _gate = new();
    private ITimer? _timer;
    private DateTimeOffset? _at;

    /// <summary>Fire at <paramref name="due"/> unless already armed for earlier.</summary>
    public void At(DateTimeOffset due)
    {
        lock (_gate)
        {
            if (_at is { } armed && armed <= due)
            {
                return;
            }

            _timer?.Dispose();
            _at = due;
            var delay = due - time.GetUtcNow();
            _timer = time.CreateTimer(_ => Fire(), null, delay < Shortest ? Shortest : delay, Timeout.InfiniteTimeSpan);
        }
    }

    private void Fire()
    {
        lock (_gate)
        {
            _timer?.Dispose();
            (_timer, _at) = (null, null);
        }

        release();
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _timer?.Dispose();
            _timer = null;
        }
    }
}
