using System.Net;
using Microsoft.Kiota.Http.HttpClientLibrary.Extensions;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;

namespace OutlookSync.Integrations;

/// <summary>
/// Retries Graph's 429/503/504 like the SDK's own RetryHandler (honouring Retry-After, else exponential
/// backoff; up to RetryHandlerOption.MaxRetry times, 3 by default), but waits on the service's clock: in
/// tests a long Retry-After costs no real time, and every wait is visible in <see cref="GraphRetryWaits"/>.
/// After the last retry the 429 itself is returned, so callers see a plain ODataError with its status. For a
/// queued job it does not wait at all: it throws <see cref="GraphThrottledException"/> and the job is deferred.
/// </summary>
public sealed class GraphRetryHandler(TimeProvider time, GraphRetryWaits waits, Diagnostics.Telemetry.ServiceMetrics metrics) : DelegatingHandler
{
    private const int DefaultMaxRetry = 3;
    private static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(180);
    private static readonly TimeSpan LongestDeferral = TimeSpan.FromHours(1);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var option = request.GetRequestOption<RetryHandlerOption>();
        var maxRetry = option?.MaxRetry ?? DefaultMaxRetry;
        var baseDelay = TimeSpan.FromSeconds(option?.Delay ?? 3);
        if (request.Content is not null)
        {
            // Sent again on a retry: keep the body readable.
            await request.Content.LoadIntoBufferAsync(cancellationToken);
        }

        var response = await base.SendAsync(request, cancellationToken);
        metrics.GraphCall((int)response.StatusCode);
        if (ShouldRetry(response) && GraphThrottling.Deferred)
        {
            // A queued job: its worker should not sit out the Retry-After (see GraphThrottling).
            var wait = RetryAfter(response) ?? baseDelay;
            var status = response.StatusCode;
            response.Dispose();
            throw new GraphThrottledException(status, wait > LongestDeferral ? LongestDeferral : wait);
        }

        for (var attempt = 1; attempt <= maxRetry && ShouldRetry(response); attempt++)
        {
            var delay = RetryAfter(response) ?? TimeSpan.FromTicks(baseDelay.Ticks * (1L << (attempt - 1)));
            delay = delay > LongestWait ? LongestWait : delay;
            response.Dispose();
            using (waits.Start(request.RequestUri, time.GetUtcNow() + delay))
            {
                await Task.Delay(delay, time, cancellationToken);
            }

            request.Headers.Remove("Retry-Attempt");
            request.Headers.Add("Retry-Attempt", attempt.ToString(System.Globalization.CultureInfo.InvariantCulture));
            response = await base.SendAsync(request, cancellationToken);
            metrics.GraphCall((int)response.StatusCode);
        }

        return response;
    }

    private static bool ShouldRetry(HttpResponseMessage response) =>
        response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    private static TimeSpan? RetryAfter(HttpResponseMessage response) =>
        response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - DateTimeOffset.UtcNow > TimeSpan.Zero ? date - DateTimeOffset.UtcNow : TimeSpan.Zero, // wall-clock ok: Graph's own date
            _ => double.TryParse(response.Headers.TryGetValues("Retry-After", out var values) ? values.FirstOrDefault() : null, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
                ? TimeSpan.FromSeconds(seconds)
                : null,
        };
}

/// <summary>Graph retries waiting right now in this process, and until when (the service's clock).</summary>
public sealed class GraphRetryWaits
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, (Uri? Request, DateTimeOffset Until)> _waits = new();

    public IReadOnlyList<DateTimeOffset> Until => _waits.Values.Select(w => w.Until).OrderBy(u => u).ToList();

    public IDisposable Start(Uri? request, DateTimeOffset until)
    {
        var id = Guid.NewGuid();
        _waits[id] = (request, until);
        return new Done(() => _waits.TryRemove(id, out _));
    }

    private sealed class Done(Action done) : IDisposable
    {
        public void Dispose() => done();
    }
}
