using System.Diagnostics;

namespace Harness.Bench;

/// <summary>
/// An open-loop load generator: requests start on a fixed schedule whether or not earlier ones have answered, and
/// each latency is measured from its scheduled start (so a stalled server cannot hide its queueing). Bounded in
/// count; loopback only.
/// </summary>
public static class OpenLoop
{
    public static async Task<Latencies> RunAsync(int perSecond, int count, Func<int, Task> send)
    {
        var clock = Stopwatch.StartNew();
        var latencies = new double[count];
        var failures = 0;
        var running = new List<Task>(count);
        for (var i = 0; i < count; i++)
        {
            var scheduled = TimeSpan.FromSeconds((double)i / perSecond);
            var wait = scheduled - clock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait); // the generator's own pace
            }

            var index = i;
            running.Add(Task.Run(async () =>
            {
                try
                {
                    await send(index);
                }
                catch (Exception)
                {
                    Interlocked.Increment(ref failures);
                }

                latencies[index] = (clock.Elapsed - scheduled).TotalMilliseconds;
            }));
        }

        await Task.WhenAll(running);
        return new Latencies(latencies, failures);
    }
}

/// <summary>Latencies in milliseconds, with the failures among them.</summary>
public sealed record Latencies(double[] Milliseconds, int Failures)
{
    public double Percentile(double p)
    {
        var sorted = Milliseconds.OrderBy(x => x).ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    public override string ToString() =>
        $"p50 {Percentile(50),7:0.0} ms  p95 {Percentile(95),7:0.0} ms  p99 {Percentile(99),7:0.0} ms{(Failures > 0 ? $"  ({Failures} failed)" : "")}";
}
