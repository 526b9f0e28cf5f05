using System.Text.Json;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace Harness.Testing.Apps;

/// <summary>How a stand-in notification endpoint answers Graph's validation request.</summary>
public enum ValidationAnswer
{
    ExactToken,
    TokenStillUrlEncoded,
    TokenCutAtFirstSpace,
    EmptyBody,
    TokenWithStatus202,
    TokenAsJson,
    NeverAnswers,
}

/// <summary>
/// A notification endpoint that is not our service (WireMock.Net on a loopback port): answers the
/// handshake in one chosen (often wrong) way and notifications with a chosen status; its request log says
/// what Graph sent.
/// </summary>
public sealed class NotificationEndpointStub : IAsyncDisposable
{
    private const string HookPath = "/hook";
    private static readonly Guid NotificationMapping = Guid.Parse("7b0e3c1e-0000-4000-8000-00000000a001");

    private readonly WireMockServer _server;
    private readonly CancellationTokenSource _stopping = new();
    private int _notificationStatus = 202;
    private int _validationRequests;
    private TaskCompletionSource _hold = Released();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, string> _held = new();

    private NotificationEndpointStub(ValidationAnswer answer)
    {
        _server = WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{LoopbackPorts.Free()}"] });
        // Any path: a service's misconfigured public URL may point here with its own webhook path.
        _server.Given(Request.Create().UsingPost().WithParam("validationToken")).AtPriority(1)
            .RespondWith(Response.Create().WithCallback(request => AnswerAsync(answer, request)));
        _server.Given(Request.Create().UsingPost()).WithGuid(NotificationMapping).AtPriority(2)
            .RespondWith(Response.Create().WithCallback(NotifiedAsync));
    }

    public Uri Url => new($"{_server.Url}{HookPath}".Replace("localhost", "127.0.0.1", StringComparison.Ordinal));

    /// <summary>Validation requests received, counted on arrival (one that is never answered counts too).</summary>
    public int ValidationRequests => Volatile.Read(ref _validationRequests);

    /// <summary>What the endpoint answers to notifications (not to the validation): 202 unless set.</summary>
    public int NotificationStatus
    {
        get => _notificationStatus;
        set => Volatile.Write(ref _notificationStatus, value);
    }

    /// <summary>From now on notifications are received but not answered until <see cref="ReleaseNotifications"/>.</summary>
    public void HoldNotifications() => _hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Answers every held notification, and those that come later at once.</summary>
    public void ReleaseNotifications() => _hold.TrySetResult();

    /// <summary>Bodies of the notifications received and not answered yet.</summary>
    public IReadOnlyList<string> HeldNotifications => [.. _held.Values];

    private async Task<IResponseMessage> NotifiedAsync(IRequestMessage request)
    {
        var id = Guid.NewGuid();
        _held[id] = request.Body ?? "";
        try
        {
            await _hold.Task.WaitAsync(_stopping.Token).ContinueWith(_ => { }, TaskScheduler.Default);
        }
        finally
        {
            _held.TryRemove(id, out _);
        }

        return new ResponseMessage { StatusCode = Volatile.Read(ref _notificationStatus) };
    }

    private static TaskCompletionSource Released()
    {
        var released = new TaskCompletionSource();
        released.SetResult();
        return released;
    }

    /// <summary>Bodies of the notifications received.</summary>
    public IReadOnlyList<string> Notifications =>
        _server.LogEntries.Where(e => !IsValidation(e.RequestMessage)).Select(e => e.RequestMessage.Body ?? "").ToList();

    public static Task<NotificationEndpointStub> StartAsync(ValidationAnswer answer) => Task.FromResult(new NotificationEndpointStub(answer));

    private async Task<IResponseMessage> AnswerAsync(ValidationAnswer answer, IRequestMessage request)
    {
        Interlocked.Increment(ref _validationRequests);
        if (answer == ValidationAnswer.NeverAnswers)
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, _stopping.Token).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        var raw = RawToken(request);
        var token = Uri.UnescapeDataString(raw);
        var (status, type, body) = answer switch
        {
            ValidationAnswer.TokenStillUrlEncoded => (200, "text/plain", raw),
            ValidationAnswer.TokenCutAtFirstSpace => (200, "text/plain", token.Split(' ')[0]),
            ValidationAnswer.EmptyBody => (200, "text/plain", ""),
            ValidationAnswer.TokenWithStatus202 => (202, "text/plain", token),
            ValidationAnswer.TokenAsJson => (200, "application/json", JsonSerializer.Serialize(token)),
            _ => (200, "text/plain", token),
        };
        return new ResponseMessage
        {
            StatusCode = status,
            Headers = new Dictionary<string, WireMock.Types.WireMockList<string>> { ["Content-Type"] = new(type + "; charset=utf-8") },
            BodyData = new WireMock.Util.BodyData { BodyAsString = body, DetectedBodyType = WireMock.Types.BodyType.String, Encoding = System.Text.Encoding.UTF8 },
        };
    }

    /// <summary>The token as it stands in the query string, still percent-encoded.</summary>
    private static string RawToken(IRequestMessage request) =>
        (request.RawQuery ?? "").TrimStart('?').Split('&').Select(p => p.Split('=', 2)).FirstOrDefault(p => p[0] == "validationToken") is [_, var value] ? value : "";

    private static bool IsValidation(IRequestMessage request) => (request.RawQuery ?? "").Contains("validationToken=", StringComparison.Ordinal);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _server.Stop();
        _server.Dispose();
        _stopping.Dispose();
    }
}
