using Harness.Testing.Apps;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace OutlookSync.Tests;

/// <summary>A fresh sync service per test on its own simulated clock and data folder (database, key ring), deleted afterwards.</summary>
public abstract class ServiceTest : IAsyncLifetime
{
    protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 2, 8, 0, 0, TimeSpan.Zero));

    protected string DataFolder { get; } = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "service-test-" + Guid.NewGuid().ToString("N"))).FullName;

    protected SyncServiceApp Service { get; private set; } = null!;

    /// <summary>True: the service's database is a new one on the test fixture's PostgreSQL, not a SQLite file in the data folder.</summary>
    protected virtual bool OnPostgreSql => false;

    /// <summary>The PostgreSQL database, when <see cref="OnPostgreSql"/>; dropped after the test.</summary>
    protected Harness.Testing.Databases.TestDatabase? Database { get; private set; }

    /// <summary>The service's settings for this test class: by default the web role on the in-process queue.</summary>
    protected virtual SyncServiceSettings Settings() => new(null, "web", DataFolder, Database: Database);

    public async Task InitializeAsync()
    {
        if (OnPostgreSql)
        {
            Database = await (await Harness.Testing.Databases.PostgreSqlServer.SharedAsync()).CreateDatabaseAsync();
        }

        await StartingAsync();
        Service = new SyncServiceApp(Clock, Settings());
        await StartedAsync();
    }

    public async Task DisposeAsync()
    {
        await StoppingAsync();
        await Service.DisposeAsync();
        await StoppedAsync();
        if (Database is not null)
        {
            await Database.DisposeAsync();
        }

        Directory.Delete(DataFolder, recursive: true);
    }

    /// <summary>Before the service starts (e.g. a simulator it talks to).</summary>
    protected virtual Task StartingAsync() => Task.CompletedTask;

    protected virtual Task StartedAsync() => Task.CompletedTask;

    protected virtual Task StoppingAsync() => Task.CompletedTask;

    /// <summary>After the service stopped (e.g. the simulator it talked to).</summary>
    protected virtual Task StoppedAsync() => Task.CompletedTask;
}
