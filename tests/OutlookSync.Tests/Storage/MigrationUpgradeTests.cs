using System.Net.Http.Json;
using System.Text.Json;
using Harness.Testing.Apps;
using Harness.Testing.Databases;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using OutlookSync.Storage;
using Xunit;

namespace OutlookSync.Tests.Storage;

/// <summary>
/// A deployment's existing database is upgraded when a new version starts: a database at the schema before the
/// provider's latest migration, with a booking in it, is migrated on start and nothing in it is lost. Once on
/// SQLite, once on PostgreSQL (each has its own migration set).
/// </summary>
public abstract class MigrationUpgradeTest : ServiceTest
{
    private TestDatabase _database = null!;

    protected abstract Task<TestDatabase> CreateDatabaseAsync();

    protected abstract SyncDbContext Open(string connectionString);

    protected override SyncServiceSettings Settings() => new(null, "web", DataFolder, Database: _database);

    protected override async Task StartingAsync()
    {
        _database = await CreateDatabaseAsync();
        await using var db = Open(_database.ConnectionString);
        var migrations = db.Database.GetMigrations().ToList();
        await db.GetService<IMigrator>().MigrateAsync(migrations[^2]);

        // Rows as the previous version wrote them (raw SQL: today's model may have columns that schema lacks).
        await db.Database.ExecuteSqlRawAsync("INSERT INTO \"Objects\" (\"Name\", \"Kind\") VALUES ('Amsterdam', 'room')");
        await db.Database.ExecuteSqlRawAsync(
            "INSERT INTO \"Bookings\" (\"ObjectId\", \"Title\", \"Start\", \"End\", \"Status\", \"Source\", \"CreatedAt\", \"UpdatedAt\") VALUES (1, 'Board meeting', 0, 0, 1, 'booking-system', 0, 0)");
        Assert.Single(await db.Database.GetPendingMigrationsAsync());
    }

    protected override async Task StoppedAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task An_existing_database_is_migrated_on_start_and_keeps_its_bookings()
    {
        using var admin = Service.CreateAdminClient();
        var bookings = await admin.GetFromJsonAsync<JsonElement>("api/admin/bookings");

        var booking = Assert.Single(bookings.EnumerateArray());
        Assert.Equal("Board meeting", booking.GetProperty("title").GetString());
        await using var db = Open(_database.ConnectionString);
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
    }
}

public sealed class SqliteMigrationUpgradeTests : MigrationUpgradeTest
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult(TestDatabase.Sqlite(DataFolder));

    protected override SyncDbContext Open(string connectionString) =>
        new(new DbContextOptionsBuilder<SyncDbContext>().UseSqlite(connectionString).Options);

    protected override Task StoppingAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return Task.CompletedTask;
    }
}

public sealed class PostgreSqlMigrationUpgradeTests : MigrationUpgradeTest
{
    protected override async Task<TestDatabase> CreateDatabaseAsync() => await (await PostgreSqlServer.SharedAsync()).CreateDatabaseAsync();

    protected override SyncDbContext Open(string connectionString) =>
        new PostgreSqlSyncDbContext(new DbContextOptionsBuilder<PostgreSqlSyncDbContext>().UseNpgsql(connectionString).Options);
}

/// <summary>A new PostgreSQL database is created on first start without an error in the log an operator would chase.</summary>
public sealed class PostgreSqlFreshDatabaseTests : ServiceTest
{
    protected override bool OnPostgreSql => true;

    [Fact]
    public async Task The_first_start_migrates_an_empty_database_and_logs_no_error()
    {
        using var admin = Service.CreateAdminClient();
        Assert.Equal(JsonValueKind.Array, (await admin.GetFromJsonAsync<JsonElement>("api/admin/bookings")).ValueKind);

        Assert.Empty(Service.Logs.Lines.Where(l => l.Level >= Microsoft.Extensions.Logging.LogLevel.Error).Select(l => $"{l.Category}: {l.Message}"));
        Assert.Contains(Service.Logs.Lines, l => l.Message.Contains("Applied database migrations", StringComparison.Ordinal));
    }
}
