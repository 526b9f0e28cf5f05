using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using OutlookSync.Storage;

namespace Harness.Testing.Databases;

/// <summary>
/// The service's schema, migrated once per test process and copied for each new database: a SQLite file copied,
/// a PostgreSQL database created from a template database. A checklist scenario's store then starts with the
/// current schema in milliseconds instead of running every migration (the service still checks the schema on start).
/// The migrations themselves run on empty databases in OutlookSync.Tests.
/// </summary>
public static class MigratedTemplate
{
    private static readonly Lazy<Task<string>> SqliteFile = new(MigrateSqliteAsync);
    private static readonly Lazy<Task<string>> PostgreSqlDatabase = new(MigratePostgreSqlAsync);

    /// <summary>Copies the migrated SQLite database to <paramref name="file"/> (which must not exist yet).</summary>
    public static async Task CopySqliteToAsync(string file) => File.Copy(await SqliteFile.Value, file);

    /// <summary>The name of a migrated database on the shared server to create others from (CREATE DATABASE ... TEMPLATE).</summary>
    public static Task<string> PostgreSqlAsync() => PostgreSqlDatabase.Value;

    private static async Task<string> MigrateSqliteAsync()
    {
        var file = Path.Combine(Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "harness-template-" + Guid.NewGuid().ToString("N"))).FullName, "outlook-sync.db");
        var connectionString = $"Data Source={file}";
        await MigrateAsync(new SyncDbContext(new DbContextOptionsBuilder<SyncDbContext>().UseSqlite(connectionString).Options));
        // Closed for good: the write-ahead log is checkpointed into the file, which is then complete on its own.
        using (var pooled = new Microsoft.Data.Sqlite.SqliteConnection(connectionString))
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearPool(pooled);
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
        return file;
    }

    private static async Task<string> MigratePostgreSqlAsync()
    {
        var template = await (await PostgreSqlServer.SharedAsync()).CreateDatabaseAsync();
        await MigrateAsync(new PostgreSqlSyncDbContext(new DbContextOptionsBuilder<PostgreSqlSyncDbContext>().UseNpgsql(template.ConnectionString).Options));
        // A template database may have no open connection while another is created from it.
        using (var pooled = new Npgsql.NpgsqlConnection(template.ConnectionString))
        {
            Npgsql.NpgsqlConnection.ClearPool(pooled);
        }

        return new Npgsql.NpgsqlConnectionStringBuilder(template.ConnectionString).Database!;
    }

    private static async Task MigrateAsync(SyncDbContext db)
    {
        await using (db)
        {
            await StorageRegistration.MigrateAsync(db, NullLogger.Instance, CancellationToken.None);
        }
    }
}
