using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;

namespace Harness.Bench;

/// <summary>
/// The least a webhook can do: a bare Kestrel endpoint that answers 202 after one confirmed publish of the body.
/// Beside the bare publish, it shows what HTTP itself adds, so the webhook's own cost can be read off.
/// </summary>
public sealed class BarePublishEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BarePublishEndpoint(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<BarePublishEndpoint> StartAsync(IChannel channel, string queue)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapPost("/hook", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            await channel.BasicPublishAsync("", queue, true, new BasicProperties { Persistent = true }, body.ToArray());
            return Results.Accepted();
        });
        await app.StartAsync();
        return new BarePublishEndpoint(app, new Uri(app.Urls.First()));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
