using GraphSimulator.Control;
using GraphSimulator.Graph;
using GraphSimulator.Notifications;
using GraphSimulator.Subscriptions;

namespace GraphSimulator;

/// <summary>A stateful fake of Microsoft Graph, on a clock the caller controls.</summary>
public sealed class Program
{
    public static async Task Main(string[] args)
    {
        var app = Build(args);
        await app.RunAsync();
    }

    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddOptions<SimulatorOptions>()
            .Bind(builder.Configuration.GetSection(SimulatorOptions.SectionName))
            .Validate(o => o.MaxSubscriptionLifetimeMinutes > 0, "Simulator:MaxSubscriptionLifetimeMinutes must be positive.")
            .ValidateOnStart();
        builder.Services.AddSubscriptions();
        builder.Services.AddNotificationDelivery();

        var app = builder.Build();
        app.UseGraphRequestIds();
        app.MapSubscriptions();
        app.MapControlApi();
        app.MapFallback("/v1.0/{**path}", GraphErrors.UnknownSegment);
        app.MapGet("/", () => Results.Text("Graph simulator. Graph API under /v1.0, control API under /control.", "text/plain"));
        return app;
    }
}
