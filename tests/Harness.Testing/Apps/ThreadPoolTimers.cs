namespace Harness.Testing.Apps;

/// <summary>
/// The shared test clock as the service sees it: the same time, but a timer's callback runs on the thread pool, as a
/// system timer's does. FakeTimeProvider runs callbacks on the thread that moves the clock, so one simulated hour
/// would run the cron's 5-minute schedule 12 times and each node's minute heartbeat 60 times, in a row, inside the
/// test's own step; a real clock never delivers ticks that way (a periodic timer's late ticks collapse into one).
/// </summary>
public sealed class ThreadPoolTimers(TimeProvider clock) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => clock.GetUtcNow();

    public override TimeZoneInfo LocalTimeZone => clock.LocalTimeZone;

    public override long TimestampFrequency => clock.TimestampFrequency;

    public override long GetTimestamp() => clock.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        clock.CreateTimer(s => ThreadPool.QueueUserWorkItem(callback.Invoke, s), state, dueTime, period);
}
