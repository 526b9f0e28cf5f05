using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

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

/// <summary>A notification endpoint that is not our service, answering the handshake in one chosen (wrong) way.</summary>
public sealed class NotificationEndpointStub : IAsyncDisposable
{
    private readonly WebApplication _app;

    private NotificationEndpointStub(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public Uri Url { get; }

    public int ValidationRequests { get; private set; }

    /// <summary>What the endpoint answers to notifications (not to the validation): 202 unless set.</summary>
    public int NotificationStatus { get; set; } = StatusCodes.Status202Accepted;

    /// <summary>Bodies of the notifications received.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> Notifications { get; } = new();

    public static async Task<NotificationEndpointStub> StartAsync(ValidationAnswer answer)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        NotificationEndpointStub? stub = null;
        app.MapPost("/hook", async (HttpContext context) =>
        {
            if (!context.Request.Query.ContainsKey("validationToken"))
            {
                using var reader = new StreamReader(context.Request.Body);
                stub!.Notifications.Enqueue(await reader.ReadToEndAsync());
                return Results.StatusCode(stub.NotificationStatus);
            }

            stub!.ValidationRequests++;
            var token = context.Request.Query["validationToken"].ToString();
            var raw = context.Request.QueryString.Value?.Split("validationToken=").LastOrDefault() ?? "";
            switch (answer)
            {
                case ValidationAnswer.ExactToken:
                    return Results.Text(token, "text/plain");
                case ValidationAnswer.TokenStillUrlEncoded:
                    return Results.Text(raw, "text/plain");
                case ValidationAnswer.TokenCutAtFirstSpace:
                    return Results.Text(token.Split(' ')[0], "text/plain");
                case ValidationAnswer.EmptyBody:
                    return Results.Ok();
                case ValidationAnswer.TokenWithStatus202:
                    return Results.Text(token, "text/plain", Encoding.UTF8, StatusCodes.Status202Accepted);
                case ValidationAnswer.TokenAsJson:
                    return Results.Json(token);
                default:
                    await Task.Delay(Timeout.InfiniteTimeSpan, context.RequestAborted);
                    return Results.Ok();
            }
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        stub = new NotificationEndpointStub(app, new Uri(address.TrimEnd('/') + "/hook"));
        return stub;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
