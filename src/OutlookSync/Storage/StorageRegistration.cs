using Microsoft.EntityFrameworkCore;

namespace OutlookSync.Storage;

public static class StorageRegistration
{
    /// <summary>SQLite file by default (Storage:ConnectionString); the schema is created on start.</summary>
    public static IServiceCollection AddStorage(this IServiceCollection services, IConfiguration configuration)
    {
        var connection = configuration["Storage:ConnectionString"] is { Length: > 0 } configured
            ? configured
            : $"Data Source={Path.Combine(AppContext.BaseDirectory, "outlook-sync.db")}";
        services.AddDbContext<SyncDbContext>(options => options.UseSqlite(connection));
        services.AddHostedService<DatabaseInitializer>();
        return services;
    }

    private sealed class DatabaseInitializer(IServiceProvider services, ILogger<DatabaseInitializer> logger) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<SyncDbContext>();
            if (await db.Database.EnsureCreatedAsync(cancellationToken))
            {
                logger.LogInformation("Created the database schema");
            }
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
