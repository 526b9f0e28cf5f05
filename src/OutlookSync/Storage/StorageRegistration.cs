using Microsoft.EntityFrameworkCore;

namespace OutlookSync.Storage;

public static class StorageRegistration
{
    /// <summary>
    /// Storage:Provider "Sqlite" (default; a file) or "PostgreSQL" (several instances), with
    /// Storage:ConnectionString. Queries are plain LINQ, so both run the same code; the schema is migrated on start.
    /// </summary>
    public static IServiceCollection AddStorage(this IServiceCollection services, IConfiguration configuration)
    {
        var provider = configuration["Storage:Provider"] is { Length: > 0 } named ? named : "Sqlite";
        var connection = configuration["Storage:ConnectionString"] is { Length: > 0 } configured
            ? configured
            : $"Data Source={Path.Combine(AppContext.BaseDirectory, "outlook-sync.db")}";
        services.AddDbContext<SyncDbContext>((sp, options) =>
        {
            options.AddInterceptors(sp.GetRequiredService<Queueing.Outbox.OutboxCommitInterceptor>());
            switch (provider.ToLowerInvariant())
            {
                case "sqlite":
                    options.UseSqlite(connection);
                    break;
                case "postgresql" or "postgres":
                    options.UseNpgsql(connection);
                    break;
                default:
                    throw new InvalidOperationException($"Storage:Provider '{provider}' is not supported: use Sqlite or PostgreSQL.");
            }
        });
        services.AddHostedService<DatabaseInitializer>();
        return services;
    }

    /// <summary>Brings the schema up to date: on start, and before the one-shot command.</summary>
    public static async Task EnsureSchemaAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(StorageRegistration));
        var db = scope.ServiceProvider.GetRequiredService<SyncDbContext>();
        if (db.Database.IsSqlite())
        {
            if (new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource is { Length: > 0 } file && file != ":memory:")
            {
                PrivateFiles.EnsureFile(file);
            }

            // Migrations (Storage/Migrations) bring an existing file up to date as the model grows.
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            await db.Database.MigrateAsync(cancellationToken);
            if (pending.Count > 0)
            {
                logger.LogInformation("Applied database migrations: {Migrations}", string.Join(", ", pending));
            }

            // Write-ahead logging: readers never block writers (nor the webhook), and a commit is one append.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
        else if (await db.Database.EnsureCreatedAsync(cancellationToken))
        {
            // The migrations are SQLite's; PostgreSQL gets its own set when a deployment starts using it.
            logger.LogInformation("Created the database schema");
        }
    }

    private sealed class DatabaseInitializer(IServiceProvider services) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => EnsureSchemaAsync(services, cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
