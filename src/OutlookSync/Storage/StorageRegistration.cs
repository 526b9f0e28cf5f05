using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace OutlookSync.Storage;

public static class StorageRegistration
{
    /// <summary>
    /// Storage:Provider "Sqlite" (default; a file) or "PostgreSQL" (several instances), with
    /// Storage:ConnectionString. Queries are plain LINQ, so both run the same code; each provider has its own
    /// migration set, applied on start (or by the `migrate` command).
    /// </summary>
    public static IServiceCollection AddStorage(this IServiceCollection services, IConfiguration configuration)
    {
        var provider = configuration["Storage:Provider"] is { Length: > 0 } named ? named : "Sqlite";
        var connection = configuration["Storage:ConnectionString"] is { Length: > 0 } configured
            ? configured
            : $"Data Source={Path.Combine(AppContext.BaseDirectory, "outlook-sync.db")}";
        switch (provider.ToLowerInvariant())
        {
            case "sqlite":
                services.AddDbContext<SyncDbContext>((sp, options) => options.UseSqlite(connection)
                    .AddInterceptors(sp.GetRequiredService<Queueing.Outbox.OutboxCommitInterceptor>(), sp.GetRequiredService<Webhooks.KnownSubscriptionsInvalidation>(), new SqliteConnectionSetup()));
                services.AddHostedService<SqliteCheckpointer>();
                break;
            case "postgresql" or "postgres":
                services.AddDbContext<SyncDbContext, PostgreSqlSyncDbContext>((sp, options) => options.UseNpgsql(connection)
                    .AddInterceptors(sp.GetRequiredService<Queueing.Outbox.OutboxCommitInterceptor>(), sp.GetRequiredService<Webhooks.KnownSubscriptionsInvalidation>()));
                break;
            default:
                throw new InvalidOperationException($"Storage:Provider '{provider}' is not supported: use Sqlite or PostgreSQL.");
        }

        services.AddHostedService<DatabaseInitializer>();
        return services;
    }

    /// <summary>
    /// Brings the schema up to date (on start, and before a one-shot command), unless Storage:MigrateOnStart is
    /// false: then a node refuses to start on an old schema and the `migrate` command does the upgrade. Several
    /// nodes migrating at once is safe: EF takes a database-wide migration lock (a lock table on PostgreSQL).
    /// </summary>
    public static async Task EnsureSchemaAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var configuration = scope.ServiceProvider.GetRequiredService<IConfiguration>();
        var db = scope.ServiceProvider.GetRequiredService<SyncDbContext>();
        if (configuration.GetValue("Storage:MigrateOnStart", true))
        {
            await MigrateAsync(db, scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(StorageRegistration)), cancellationToken);
        }
        else if ((await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList() is { Count: > 0 } pending)
        {
            throw new InvalidOperationException($"The database schema is older than this version ({pending.Count} migration(s) pending: {string.Join(", ", pending)}). Run the 'migrate' command first (Storage:MigrateOnStart is false).");
        }
    }

    /// <summary>Applies the pending migrations of the configured provider; the names applied.</summary>
    public static async Task<IReadOnlyList<string>> MigrateAsync(SyncDbContext db, ILogger logger, CancellationToken cancellationToken)
    {
        if (db.Database.IsSqlite() && new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource is { Length: > 0 } file && file != ":memory:")
        {
            PrivateFiles.EnsureFile(file);
        }

        if (db.Database.IsNpgsql())
        {
            // EF asks a new PostgreSQL database for its migration history before creating the table, and logs that
            // failed query as an error an operator would chase: create the (empty) table first, as EF itself would.
            try
            {
                await db.Database.ExecuteSqlRawAsync(db.GetService<Microsoft.EntityFrameworkCore.Migrations.IHistoryRepository>().GetCreateIfNotExistsScript(), cancellationToken);
            }
            catch (Npgsql.PostgresException ex) when (ex.SqlState is Npgsql.PostgresErrorCodes.UniqueViolation or Npgsql.PostgresErrorCodes.DuplicateTable)
            {
                // Another node created it at the same moment.
            }
        }

        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await db.Database.MigrateAsync(cancellationToken);
        if (pending.Count > 0)
        {
            logger.LogInformation("Applied database migrations: {Migrations}", string.Join(", ", pending));
        }

        if (db.Database.IsSqlite())
        {
            // Write-ahead logging: readers never block writers (nor the webhook), and a commit is one append.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        return pending;
    }

    private sealed class DatabaseInitializer(IServiceProvider services) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => EnsureSchemaAsync(services, cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
