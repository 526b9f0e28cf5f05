using Microsoft.EntityFrameworkCore;

namespace OutlookSync.Storage;

/// <summary>The service's model on PostgreSQL: its own type only so that it has its own migration set.</summary>
public sealed class PostgreSqlSyncDbContext(DbContextOptions<PostgreSqlSyncDbContext> options) : SyncDbContext(options);
