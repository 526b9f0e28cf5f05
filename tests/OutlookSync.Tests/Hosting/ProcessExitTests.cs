using Harness.Testing.RabbitMq;
using Xunit;

namespace OutlookSync.Tests.Hosting;

/// <summary>
/// The service as a supervisor runs it (dotnet OutlookSync.dll): a configuration that retrying cannot fix
/// stops it with exit code 1 and one clear line, so restart-on-failure and alerts see it.
/// </summary>
public sealed class ProcessExitTests : IDisposable
{
    private readonly ServiceProcess _service = new();

    [Fact]
    public async Task A_virtual_host_the_broker_does_not_know_stops_the_service_with_exit_code_1()
    {
        var broker = await RabbitMqBroker.SharedAsync();
        var url = new UriBuilder(broker.AmqpUrl) { Path = "/no-such-vhost" }.Uri.ToString();

        var (exit, output) = await _service.RunAsync(new() { ["RabbitMq__Url"] = url });

        Assert.True(exit == 1, $"exit code {exit}:\n{output}");
        Assert.Contains("Stopping the service: RabbitMQ at", output);
        Assert.Contains("vhost no-such-vhost not found", output);
        Assert.DoesNotContain("guest:guest", output);
    }

    [Fact]
    public async Task A_short_admin_key_in_production_stops_the_service_before_it_serves()
    {
        var (exit, output) = await _service.RunAsync(new() { ["ASPNETCORE_ENVIRONMENT"] = "Production", ["Admin__ApiKey"] = "short-key" });

        Assert.Equal(1, exit);
        Assert.Contains("Admin:ApiKey is shorter than 32 characters", output);
        Assert.DoesNotContain("short-key", output);
    }

    [Fact]
    public async Task A_database_that_cannot_be_opened_stops_the_service_with_exit_code_1()
    {
        var (exit, output) = await _service.RunAsync(new() { ["Storage__ConnectionString"] = "Data Source=/proc/no-database-here/outlook-sync.db" });

        Assert.Equal(1, exit);
        Assert.Contains("The service could not start", output);
    }

    public void Dispose() => _service.Dispose();
}
