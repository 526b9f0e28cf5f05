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
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _sqliteFile;
    private static string? _postgreSqlName;

    /// <summary>Copies the migrated SQLite database to <paramref name="file"/> (which must not exist yet).</summary>
    public static async Task CopySqliteToAsync(string file)
    {
        File.Copy(await SqliteAsync(), file);
    }

    /// <summary>The name of a migrated database on <paramref name="server"/> to create others from (CREATE DATABASE ... TEMPLATE).</summary>
    public static async Task<string> PostgreSqlAsync(PostgreSqlServer server)
    {
        await Gate.WaitAsync();
        try
        {
            if (_postgreSqlName is null)
            {
                var template = await server.CreateDatabaseAsync();
                await MigrateAsync(new PostgreSqlSyncDbContext(new DbContextOptionsBuilder<PostgreSqlSyncDbContext>().UseNpgsql(template.ConnectionString).Options));
                // A template database may have no open connection while another is created from it.
                using (var pooled = new Npgsql.NpgsqlConnection(template.ConnectionString))
                {
                    Npgsql.NpgsqlConnection.ClearPool(pooled);
                }

                _postgreSqlName = new Npgsql.NpgsqlConnectionStringBuilder(template.ConnectionString).Database;
            }

            return _postgreSqlName!;
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task<string> SqliteAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_sqliteFile is null)
            {
                var file = Path.Combine(Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "harness-template-" + Guid.NewGuid().ToString("N"))).FullName, "outlook-sync.db");
                var connectionString = $"Data Source={file}";
                await MigrateAsync(new SyncDbContext(new DbContextOptionsBuilder<SyncDbContext>().UseSqlite(connectionString).Options));
                // Closed for good: the write-ahead log is checkpointed into the file, which is then complete on its own.
                using (var pooled = new Microsoft.Data.Sqlite.SqliteConnection(connectionString))
                {
                    Microsoft.Data.Sqlite.SqliteConnection.ClearPool(pooled);
                }

                _sqliteFile = file;
                AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
            }

            return _sqliteFile;
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task MigrateAsync(SyncDbContext db)
    {
        await using (db)
        {
            await StorageRegistration.MigrateAsync(db, NullLogger.Instance, CancellationToken.None);
        }
    }
}
