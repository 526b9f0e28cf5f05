using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Options;

namespace GraphSimulator.Subscriptions;

/// <summary>
/// Graph's validation request: POST {url}?validationToken={opaque} as text/plain; the endpoint must answer
/// 200, text/plain, with exactly the decoded token, within the timeout (measured on the simulated clock).
/// </summary>
public sealed class ValidationHandshake(IHttpClientFactory clients, TimeProvider time, IOptions<SimulatorOptions> options, ILogger<ValidationHandshake> logger)
{
    public const string HttpClientName = "webhooks";

    private const int MaxAnswerChars = 64 * 1024;

    public async Task<GraphProblem?> ValidateAsync(string url, CancellationToken cancellationToken)
    {
        // Real tokens are opaque and contain spaces and colons; endpoints that mangle them must fail here too.
        var token = $"Validation: Testing client application reachability for subscription Request-Id: {Guid.NewGuid()}";
        var target = url + (url.Contains('?') ? "&" : "?") + "validationToken=" + Uri.EscapeDataString(token);
        using var timeout = new CancellationTokenSource(options.Value.ValidationTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var request = new HttpRequestMessage(HttpMethod.Post, target)
        {
            Content = new StringContent("", Encoding.UTF8, "text/plain"),
        };

        try
        {
            using var response = await clients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            var answer = await ReadLimitedAsync(response.Content, linked.Token);
            if ((int)response.StatusCode == 200 && IsTextPlain(response.Content.Headers.ContentType) && answer == token)
            {
                return null;
            }

            logger.LogInformation("Validation of {Url} failed: HTTP {Status}, echoed token {Echoed}", url, (int)response.StatusCode, answer == token ? "exactly" : "not exactly");
            return Failed();
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            logger.LogInformation("Validation of {Url} timed out after {Timeout}", url, options.Value.ValidationTimeout);
            return new GraphProblem(400, "InvalidRequest", "Subscription validation request timed out.");
        }
        catch (HttpRequestException ex)
        {
            logger.LogInformation("Validation of {Url} failed: {Error}", url, ex.Message);
            return Failed();
        }
    }

    private static GraphProblem Failed() =>
        new(400, "ValidationError", "Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request.");

    private static bool IsTextPlain(MediaTypeHeaderValue? contentType) =>
        string.Equals(contentType?.MediaType, "text/plain", StringComparison.OrdinalIgnoreCase);

    private static async Task<string> ReadLimitedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(await content.ReadAsStreamAsync(cancellationToken), Encoding.UTF8);
        var buffer = new char[MaxAnswerChars];
        var read = await reader.ReadBlockAsync(buffer.AsMemory(), cancellationToken);
        return new string(buffer, 0, read);
    }
}
