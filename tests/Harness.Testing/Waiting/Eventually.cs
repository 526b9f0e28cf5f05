namespace Harness.Testing.Waiting;

/// <summary>Polls a condition until it holds or the (real-time) timeout passes; never a blind sleep.</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);

    public static async Task<T> UntilAsync<T>(Func<Task<T?>> probe, string what, TimeSpan? timeout = null)
        where T : class
    {
        using var deadline = new CancellationTokenSource(timeout ?? DefaultTimeout);
        var interval = TimeSpan.FromMilliseconds(1);
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            try
            {
                await Task.Delay(interval, deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Timed out after {(timeout ?? DefaultTimeout).TotalSeconds:0.#} s waiting for {what}.");
            }

            interval = TimeSpan.FromMilliseconds(Math.Min(interval.TotalMilliseconds * 2, 200));
        }
    }

    public static Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        UntilAsync<object>(() => Task.FromResult<object?>(condition() ? true : null), what, timeout);

    /// <summary>
    /// Polls until <paramref name="mismatch"/> answers null; it otherwise describes what it found, and the latest
    /// description is in the timeout's message, so a failing check says what it saw and not only that it waited.
    /// </summary>
    public static async Task UntilMatchesAsync(Func<Task<string?>> mismatch, string what, TimeSpan? timeout = null)
    {
        string? found = null;
        try
        {
            await UntilAsync<object>(async () => (found = await mismatch()) is null ? true : null, what, timeout);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message} Found instead: {found}", ex);
        }
    }
}
