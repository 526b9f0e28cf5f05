using DotNet.Testcontainers.Configurations;
using Npgsql;

namespace Harness.Testing.Databases;

/// <summary>
/// The PostgreSQL server the whole test run shares, found in the broker's order: <c>POSTGRES_URL</c>; a
/// Testcontainers container when a Docker endpoint exists; a private loopback cluster from Debian's
/// postgresql package. Each scenario or test creates a database of its own on it.
/// </summary>
public abstract class PostgreSqlServer : IAsyncDisposable
{
    private static readonly SharedServer<PostgreSqlServer> Shared = new(StartAsync);

    /// <summary>A connection string to the server's maintenance database, as a user allowed to create databases.</summary>
    public abstract string AdminConnectionString { get; }

    public abstract string Description { get; }

    public static Task<PostgreSqlServer> SharedAsync() => Shared.GetAsync();

    /// <summary>Stops the shared server, if this run started one (a no-op for external servers).</summary>
    public static Task StopSharedAsync() => Shared.StopAsync();

    /// <summary>A new database, empty or a copy of the <paramref name="template"/> database; dropped (its connections closed) on dispose.</summary>
    public async Task<TestDatabase> CreateDatabaseAsync(string? template = null)
    {
        var name = $"test_{Guid.NewGuid():N}";
        await ExecuteAsync(template is null ? $"CREATE DATABASE \"{name}\"" : $"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"");
        var connection = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ConnectionString;
        return TestDatabase.PostgreSql(connection, async () =>
        {
            // Only this database's idle connections: other scenarios' pools stay as they are.
            using (var pooled = new NpgsqlConnection(connection))
            {
                NpgsqlConnection.ClearPool(pooled);
            }

            await ExecuteAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        });
    }

    public abstract ValueTask DisposeAsync();

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<PostgreSqlServer> StartAsync()
    {
        if (Environment.GetEnvironmentVariable("POSTGRES_URL") is { Length: > 0 } url)
        {
            return ExternalPostgreSql.FromEnvironment(url);
        }

        if (TestcontainersSettings.OS.DockerEndpointAuthConfig is not null)
        {
            return await ContainerPostgreSql.StartAsync();
        }

        if (PrivatePostgreSql.BinFolder() is not null)
        {
            return await PrivatePostgreSql.StartAsync();
        }

        throw new InvalidOperationException(
            "No PostgreSQL server for the tests. Do one of: " +
            "set POSTGRES_URL=postgres://user:password@host:5432/postgres (a user allowed to create databases); " +
            "start a Docker engine (Testcontainers runs postgres:16-alpine); " +
            "or install Debian's server with 'apt-get install -y postgresql' (./harness test does this for you).");
    }
}
