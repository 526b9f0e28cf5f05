using Testcontainers.PostgreSql;

namespace Harness.Testing.Databases;

/// <summary>A throw-away PostgreSQL in Docker, for machines that have a Docker engine.</summary>
internal sealed class ContainerPostgreSql(PostgreSqlContainer container) : PostgreSqlServer
{
    public override string AdminConnectionString => container.GetConnectionString();

    public override string Description => "Testcontainers postgres:16-alpine";

    public static async Task<ContainerPostgreSql> StartAsync()
    {
        var container = new PostgreSqlBuilder("postgres:16-alpine").WithCommand("-c", "max_connections=400", "-c", "fsync=off").Build();
        await container.StartAsync();
        return new ContainerPostgreSql(container);
    }

    public override ValueTask DisposeAsync() => container.DisposeAsync();
}
