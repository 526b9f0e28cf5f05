using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace OutlookSync.Storage;

/// <summary>How long a unit of work may wait for a database lock before giving up.</summary>
public static class StorageWaits
{
    /// <summary>
    /// Limits both the commands' wait and, for SQLite, the wait to begin the write transaction EF opens when one
    /// SaveChanges touches several tables (that wait follows the connection's timeout, not the command's).
    /// </summary>
    public static void Limit(this DatabaseFacade database, TimeSpan budget)
    {
        database.SetCommandTimeout(budget);
        if (database.GetDbConnection() is SqliteConnection sqlite)
        {
            sqlite.DefaultTimeout = (int)Math.Ceiling(budget.TotalSeconds);
        }
    }
}
