using System.Collections.Concurrent;
using GraphSimulator.Identity;
using Microsoft.Extensions.Options;

namespace GraphSimulator.Graph;

/// <summary>
/// Outlook's limits per app and mailbox: 10,000 requests in 10 minutes (simulated time) and 4 at once.
/// Beyond them: 429 TooManyRequests with Retry-After, as Graph answers.
/// </summary>
public sealed class Throttling(TimeProvider time, IOptions<SimulatorOptions> options)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(10);
    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Null when the call may go ahead (dispose the lease when done); else the seconds to wait.</summary>
    public (IDisposable? Lease, double RetryAfterSeconds) TryEnter(string appId, string mailbox)
    {
        var bucket = _buckets.GetOrAdd($"{appId}|{mailbox}", _ => new Bucket());
        var now = time.GetUtcNow();
        lock (bucket)
        {
            while (bucket.Requests.Count > 0 && bucket.Requests.Peek() <= now - Window)
            {
                bucket.Requests.Dequeue();
            }

            if (bucket.Requests.Count >= options.Value.ThrottleRequestsPer10Minutes)
            {
                return (null, Math.Max(1, Math.Ceiling((bucket.Requests.Peek() + Window - now).TotalSeconds)));
            }

            if (bucket.InFlight >= options.Value.ThrottleConcurrentRequests)
            {
                return (null, 1);
            }

            bucket.Requests.Enqueue(now);
            bucket.InFlight++;
            return (new Lease(bucket), 0);
        }
    }

    public static RouteGroupBuilder ThrottlePerMailbox(RouteGroupBuilder group) =>
        group.AddEndpointFilter(async (invocation, next) =>
        {
            var context = invocation.HttpContext;
            var caller = context.Caller();
            var mailbox = context.GetRouteValue("user") as string ?? caller.UserId ?? "me";
            var (lease, retryAfter) = context.RequestServices.GetRequiredService<Throttling>().TryEnter(caller.AppId, mailbox);
            if (lease is null)
            {
                context.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return GraphErrors.Error(context, StatusCodes.Status429TooManyRequests, "TooManyRequests", "Please retry again later.");
            }

            using (lease)
            {
                return await next(invocation);
            }
        });

    private sealed class Bucket
    {
        public Queue<DateTimeOffset> Requests { get; } = new();

        public int InFlight { get; set; }
    }

    private sealed class Lease(Bucket bucket) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                lock (bucket)
                {
                    bucket.InFlight--;
                }
            }
        }
    }
}
