using System.Diagnostics;
using Harness.Testing.RabbitMq;
using Xunit;

namespace OutlookSync.Tests.Hosting;

/// <summary>
/// The service as a supervisor runs it (dotnet OutlookSync.dll): a configuration that retrying cannot fix
/// stops it with exit code 1 and one clear line, so restart-on-failure and alerts see it.
/// </summary>
public sealed class ProcessExitTests : IDisposable
{
    private readonly string _folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "exit-test-" + Guid.NewGuid().ToString("N"))).FullName;

    [Fact]
    public async Task A_virtual_host_the_broker_does_not_know_stops_the_service_with_exit_code_1()
    {
        var broker = await RabbitMqBroker.SharedAsync();
        var url = new UriBuilder(broker.AmqpUrl) { Path = "/no-such-vhost" }.Uri.ToString();

        var (exit, output) = await RunServiceAsync(new() { ["RabbitMq__Url"] = url });

        Assert.Equal(1, exit);
        Assert.Contains("Stopping the service: RabbitMQ at", output);
        Assert.Contains("vhost no-such-vhost not found", output);
        Assert.DoesNotContain("guest:guest", output);
    }

    [Fact]
    public async Task A_short_admin_key_in_production_stops_the_service_before_it_serves()
    {
        var (exit, output) = await RunServiceAsync(new() { ["ASPNETCORE_ENVIRONMENT"] = "Production", ["Admin__ApiKey"] = "short-key" });

        Assert.Equal(1, exit);
        Assert.Contains("Admin:ApiKey is shorter than 32 characters", output);
        Assert.DoesNotContain("short-key", output);
    }

    [Fact]
    public async Task A_database_that_cannot_be_opened_stops_the_service_with_exit_code_1()
    {
        var (exit, output) = await RunServiceAsync(new() { ["Storage__ConnectionString"] = "Data Source=/proc/no-database-here/outlook-sync.db" });

        Assert.Equal(1, exit);
        Assert.Contains("The service could not start", output);
    }

    private async Task<(int Exit, string Output)> RunServiceAsync(Dictionary<string, string> environment)
    {
        var info = new ProcessStartInfo("dotnet", $"\"{typeof(Program).Assembly.Location}\"")
        {
            WorkingDirectory = _folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{Harness.Testing.LoopbackPorts.Free()}";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        info.Environment["Storage__ConnectionString"] = $"Data Source={Path.Combine(_folder, "outlook-sync.db")}";
        info.Environment["Storage__DataProtectionKeysPath"] = Path.Combine(_folder, "keys");
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("The service kept running with a configuration it cannot work with.\n" + await stdout + await stderr);
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
