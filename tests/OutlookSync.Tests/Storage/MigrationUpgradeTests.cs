using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using OutlookSync.Storage;
using Xunit;

namespace OutlookSync.Tests.Storage;

/// <summary>
/// A deployment's existing database is upgraded when a new version starts: a SQLite file at the schema before the
/// latest migration (RecurringMeetings), with a booking in it, is migrated on start and nothing in it is lost.
/// </summary>
public sealed class MigrationUpgradeTests : ServiceTest
{
    private const string BeforeLatest = "20261126085617_OperatorsAndDiagnostics";

    private string Database => Path.Combine(DataFolder, "outlook-sync.db");

    protected override async Task StartingAsync()
    {
        await using var db = new SyncDbContext(new DbContextOptionsBuilder<SyncDbContext>().UseSqlite($"Data Source={Database}").Options);
        await db.GetService<IMigrator>().MigrateAsync(BeforeLatest);

        // Rows as the previous version wrote them (raw SQL: today's model has columns that schema lacks).
        await db.Database.ExecuteSqlRawAsync("INSERT INTO Objects (Name, Kind) VALUES ('Amsterdam', 'room')");
        await db.Database.ExecuteSqlRawAsync(
            "INSERT INTO Bookings (ObjectId, Title, Start, End, Status, Source, CreatedAt, UpdatedAt) VALUES (1, 'Board meeting', 0, 0, 1, 'booking-system', 0, 0)");
        SqliteConnection.ClearAllPools();
    }

    [Fact]
    public async Task An_existing_database_is_migrated_on_start_and_keeps_its_bookings()
    {
        using var admin = Service.CreateAdminClient();
        var bookings = await admin.GetFromJsonAsync<JsonElement>("api/admin/bookings");

        var booking = Assert.Single(bookings.EnumerateArray());
        Assert.Equal("Board meeting", booking.GetProperty("title").GetString());
        Assert.Equal(JsonValueKind.Null, booking.GetProperty("outlookSeriesId").ValueKind);
        await using var db = new SyncDbContext(new DbContextOptionsBuilder<SyncDbContext>().UseSqlite($"Data Source={Database}").Options);
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Contains("20261126105631_RecurringMeetings", await db.Database.GetAppliedMigrationsAsync());
    }
}
