using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace OutlookSync.Storage;

/// <summary>For `dotnet ef migrations add --context SyncDbContext`: the SQLite model, without starting the service.</summary>
public sealed class DesignTimeContextFactory : IDesignTimeDbContextFactory<SyncDbContext>
{
    public SyncDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SyncDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

/// <summary>For `dotnet ef migrations add --context PostgreSqlSyncDbContext`: no server is contacted to add a migration.</summary>
public sealed class PostgreSqlDesignTimeContextFactory : IDesignTimeDbContextFactory<PostgreSqlSyncDbContext>
{
    public PostgreSqlSyncDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgreSqlSyncDbContext>().UseNpgsql("Host=localhost;Database=design_time").Options);
}
