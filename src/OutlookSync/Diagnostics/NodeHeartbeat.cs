using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OutlookSync.Hosting;
using OutlookSync.Storage;

namespace OutlookSync.Diagnostics;

/// <summary>Each service process, as last seen: its roles and the build and configuration it runs.</summary>
public sealed class NodeHeartbeat
{
    public required string Id { get; set; }

    public required string Roles { get; set; }

    public required string BuildVersion { get; set; }

    public required string ConfigVersion { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset LastSeenAt { get; set; }
}

/// <summary>
/// Records this process in the shared database at start and every minute, so the status can tell a
/// worker that still runs an older build or configuration than the web node ("restart the workers
/// after a deploy": INFRA-5, PROD-06).
/// </summary>
public sealed class NodeReporter(IServiceScopeFactory scopes, IConfiguration configuration, IOptions<ServiceRoles> roles, TimeProvider time, ILogger<NodeReporter> logger) : BackgroundService
{
    /// <summary>Per host, not per process: tests run several nodes in one process.</summary>
    public string NodeId { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    public static string BuildVersion { get; } =
        typeof(NodeReporter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(NodeReporter).Assembly.ManifestModule.ModuleVersionId.ToString();

    /// <summary>Service:ConfigVersion when the deployment sets one, else a hash of the settings that shape behaviour (no secrets).</summary>
    public string ConfigVersion =>
        configuration["Service:ConfigVersion"] is { Length: > 0 } explicitVersion
            ? explicitVersion
            : Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("|",
                new[] { "Graph:BaseUrl", "Graph:AuthorityHost", "Graph:PublicBaseUrl", "Graph:MaxSubscriptionMinutes", "Cron:Interval", "RabbitMq:DeliveryLimit" }
                    .Select(key => $"{key}={configuration[key]}")))))[..12];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = time.GetUtcNow();
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1), time);
        do
        {
            try
            {
                await ReportAsync(started, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning("Could not record this node's heartbeat: {Reason}", ex.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>A node that stops cleanly leaves the list at once (a crashed one ages out after 5 minutes).</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<SyncDbContext>().NodeHeartbeats.Where(n => n.Id == NodeId).ExecuteDeleteAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException or OperationCanceledException)
        {
            logger.LogInformation("Could not remove this node's heartbeat on the way out ({Reason}); it ages out in 5 minutes", ex.Message);
        }
    }

    private async Task ReportAsync(DateTimeOffset started, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SyncDbContext>();
        var node = await db.NodeHeartbeats.FirstOrDefaultAsync(n => n.Id == NodeId, cancellationToken);
        if (node is null)
        {
            node = db.NodeHeartbeats.Add(new NodeHeartbeat { Id = NodeId, Roles = roles.Value.Roles, BuildVersion = BuildVersion, ConfigVersion = ConfigVersion, StartedAt = started }).Entity;
        }

        node.LastSeenAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
    }
}
