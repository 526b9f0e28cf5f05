namespace Harness.Testing.Apps;

/// <summary>Passes a request WireMock.Net received on to another server, as a reverse proxy does, and its answer back.</summary>
internal static class HttpForwarding
{
    // Hop-by-hop and framing headers belong to each connection; Host and Content-Type are set where they belong.
    private static readonly string[] HopByHop = ["Connection", "Transfer-Encoding", "Content-Length", "Keep-Alive"];

    /// <summary>Forwards to the same path and query on <paramref name="upstream"/>, saying where the call came in (X-Forwarded-Host/-Proto).</summary>
    public static async Task<WireMock.IResponseMessage> ForwardAsync(HttpClient client, WireMock.IRequestMessage request, Uri upstream, Uri publicAddress)
    {
        var target = new UriBuilder(request.AbsoluteUrl) { Scheme = upstream.Scheme, Host = upstream.Host, Port = upstream.Port }.Uri;
        using var forward = new HttpRequestMessage(new HttpMethod(request.Method), target);
        if (request.BodyAsBytes is { Length: > 0 } body)
        {
            forward.Content = new ByteArrayContent(body);
            if (request.Headers?.TryGetValue("Content-Type", out var type) == true)
            {
                forward.Content.Headers.TryAddWithoutValidation("Content-Type", type.ToArray());
            }
        }

        foreach (var (name, values) in request.Headers ?? new Dictionary<string, WireMock.Types.WireMockList<string>>())
        {
            if (!HopByHop.Contains(name, StringComparer.OrdinalIgnoreCase) && name is not "Host" and not "Content-Type")
            {
                forward.Headers.TryAddWithoutValidation(name, values.ToArray());
            }
        }

        forward.Headers.TryAddWithoutValidation("X-Forwarded-Host", publicAddress.Authority);
        forward.Headers.TryAddWithoutValidation("X-Forwarded-Proto", publicAddress.Scheme);
        using var answer = await client.SendAsync(forward);
        var headers = answer.Headers.Concat(answer.Content.Headers)
            .Where(h => !HopByHop.Contains(h.Key, StringComparer.OrdinalIgnoreCase))
            .ToDictionary(h => h.Key, h => new WireMock.Types.WireMockList<string>(h.Value));
        return new WireMock.ResponseMessage
        {
            StatusCode = (int)answer.StatusCode,
            Headers = headers,
            BodyData = new WireMock.Util.BodyData { BodyAsBytes = await answer.Content.ReadAsByteArrayAsync(), DetectedBodyType = WireMock.Types.BodyType.Bytes },
        };
    }
}
