using System.Data.Common;

namespace Harness.Testing.Databases;

/// <summary>
/// The database one scenario's (or test's) service nodes share: a SQLite file in its data folder, or a
/// database of its own on the shared PostgreSQL server. <c>STORAGE=postgres</c> runs the tests on PostgreSQL.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly Func<Task> _drop;

    private TestDatabase(string provider, string connectionString, Func<Task> drop)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _drop = drop;
    }

    /// <summary>Storage:Provider: "Sqlite" or "PostgreSQL".</summary>
    public string Provider { get; }

    public string ConnectionString { get; }

    public bool IsPostgreSql => Provider == "PostgreSQL";

    /// <summary>The store this run asked for with STORAGE (sqlite, the default, or postgres).</summary>
    public static bool PostgreSqlRequested =>
        Environment.GetEnvironmentVariable("STORAGE")?.Trim().ToLowerInvariant() switch
        {
            null or "" or "sqlite" => false,
            "postgres" or "postgresql" => true,
            var other => throw new InvalidOperationException($"STORAGE={other} is not a store: use sqlite (the default) or postgres."),
        };

    /// <summary>
    /// The run's store (STORAGE), or PostgreSQL when the caller needs it whatever the run's store; empty, or with
    /// the current schema already in place (<paramref name="migrated"/>, see <see cref="MigratedTemplate"/>).
    /// </summary>
    public static async Task<TestDatabase> CreateAsync(string dataFolder, bool postgreSql = false, bool migrated = false)
    {
        if (postgreSql || PostgreSqlRequested)
        {
            var server = await PostgreSqlServer.SharedAsync();
            return await server.CreateDatabaseAsync(migrated ? await MigratedTemplate.PostgreSqlAsync() : null);
        }

        var sqlite = Sqlite(dataFolder);
        if (migrated)
        {
            await MigratedTemplate.CopySqliteToAsync(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(sqlite.ConnectionString).DataSource);
        }

        return sqlite;
    }

    public static TestDatabase Sqlite(string dataFolder) =>
        new("Sqlite", $"Data Source={Path.Combine(dataFolder, "outlook-sync.db")}", () => Task.CompletedTask);

    internal static TestDatabase PostgreSql(string connectionString, Func<Task> drop) => new("PostgreSQL", connectionString, drop);

    /// <summary>A connection of its own to the database, as another program (a report, a backup) would open.</summary>
    public DbConnection OpenConnection()
    {
        DbConnection connection = IsPostgreSql ? new Npgsql.NpgsqlConnection(ConnectionString) : new Microsoft.Data.Sqlite.SqliteConnection(ConnectionString);
        connection.Open();
        return connection;
    }

    public ValueTask DisposeAsync() => new(_drop());
}
