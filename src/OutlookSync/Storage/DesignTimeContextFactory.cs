using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace OutlookSync.Storage;

/// <summary>For `dotnet ef migrations add`: the SQLite model, without starting the service.</summary>
public sealed class DesignTimeContextFactory : IDesignTimeDbContextFactory<SyncDbContext>
{
    public SyncDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SyncDbContext>().UseSqlite("Data Source=design-time.db").Options);
}
