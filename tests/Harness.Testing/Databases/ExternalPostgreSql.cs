using Npgsql;

namespace Harness.Testing.Databases;

/// <summary>A server someone else runs (CI service, docker-compose): POSTGRES_URL, as postgres://user:password@host:port/database.</summary>
internal sealed class ExternalPostgreSql(string connectionString, string host) : PostgreSqlServer
{
    public override string AdminConnectionString => connectionString;

    public override string Description => $"external PostgreSQL from POSTGRES_URL ({host})";

    public static ExternalPostgreSql FromEnvironment(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("postgres" or "postgresql"))
        {
            throw new InvalidOperationException("POSTGRES_URL must look like postgres://user:password@host:5432/postgres.");
        }

        var credentials = uri.UserInfo.Split(':', 2);
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
            Username = Uri.UnescapeDataString(credentials[0]),
            Password = credentials.Length > 1 ? Uri.UnescapeDataString(credentials[1]) : null,
            Database = uri.AbsolutePath.Trim('/') is { Length: > 0 } database ? database : "postgres",
        };
        return new ExternalPostgreSql(builder.ConnectionString, $"{uri.Host}:{builder.Port}");
    }

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
