using System.Net;
using System.Text.Json;
using GraphSimulator.Tenants;
using Harness.Testing.Apps;
using OutlookSync.Diagnostics.Readiness;
using Xunit;

namespace OutlookSync.Tests.Diagnostics;

/// <summary>The readiness check's address rules, its one-shot command and its endpoint's input handling.</summary>
public sealed class ReadinessTests : ServiceTest
{
    private readonly SimulatorApp _simulator;
    private int _integrationId;

    public ReadinessTests() => _simulator = new SimulatorApp(Clock);

    protected override SyncServiceSettings Settings() => new(null, "web,worker", DataFolder, _simulator);

    protected override Task StartingAsync() => DemoTenantClients.SeedAsync(_simulator);

    protected override async Task StartedAsync()
    {
        var room = await Service.AdminPostAsync<JsonElement>("api/admin/objects", new { name = "Amsterdam" });
        var integration = await Service.AdminPostAsync<JsonElement>("api/admin/integrations", new
        {
            name = "Rooms", mode = "Application", tenantId = DemoTenant.TenantId, clientId = DemoTenant.AppId, clientSecret = DemoTenant.ClientSecret,
        });
        _integrationId = integration.GetProperty("id").GetInt32();
        await Service.AdminPostAsync<JsonElement>($"api/admin/integrations/{_integrationId}/mappings", new { mailbox = $"room.amsterdam@{DemoTenant.Domain}", objectId = room.GetProperty("id").GetInt32() });
    }

    protected override async Task StoppedAsync() => await _simulator.DisposeAsync();

    [Theory]
    [InlineData("https://booking.contoso.com/", null)]
    [InlineData("https://rooms.fabrikam.example/ireserve/", null)]
    [InlineData(null, "is not set")]
    [InlineData("http://booking.contoso.com/", "is not https")]
    [InlineData("https://localhost:5001/", "loopback")]
    [InlineData("https://127.0.0.1/", "loopback")]
    [InlineData("https://[::1]/", "loopback")]
    [InlineData("https://10.1.2.3/", "private network")]
    [InlineData("https://192.168.0.10/", "private network")]
    [InlineData("https://172.20.0.1/", "private network")]
    [InlineData("https://20.50.2.1/", "bare IP address")]
    [InlineData("https://abcd-1234.ngrok-free.app/", "developer tunnel")]
    [InlineData("https://quiet-river.trycloudflare.com/", "developer tunnel")]
    public void Public_addresses_must_be_https_on_a_real_host_without_a_tunnel(string? address, string? problem)
    {
        var found = PublicAddress.Problem(address is null ? null : new Uri(address));

        if (problem is null)
        {
            Assert.Null(found);
        }
        else
        {
            Assert.Contains(problem, found);
        }
    }

    [Fact]
    public async Task The_one_shot_command_prints_every_item_and_exits_1_when_not_ready()
    {
        using var output = new StringWriter();

        var exit = await ReadinessEndpoints.RunCommandAsync(Service.Services, _integrationId, null, output);

        Assert.Equal(1, exit);
        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("PROD-01 passed", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("PROD-09 failed", StringComparison.Ordinal) && l.Contains("The integration is not active.", StringComparison.Ordinal));
        Assert.Equal("Not ready: fix the failed items above.", lines[^1]);
        Assert.DoesNotContain(DemoTenant.ClientSecret, output.ToString());
    }

    [Fact]
    public async Task An_unknown_integration_or_a_bad_command_line_exits_2()
    {
        using var output = new StringWriter();

        Assert.Equal(2, await ReadinessEndpoints.RunCommandAsync(Service.Services, _integrationId + 1, null, output));
        Assert.Equal($"No integration {_integrationId + 1}.", output.ToString().Trim());
        Assert.Equal(2, await Program.Main(["readiness", "not-a-number"]));
    }

    [Theory]
    [InlineData("?probeMailbox=not-a-mailbox")]
    [InlineData("?probeMailbox=%3Cscript%3E")]
    public async Task Bad_readiness_requests_are_refused(string query)
    {
        using var admin = Service.CreateAdminClient();
        using var anonymous = new HttpClient { BaseAddress = Service.BaseAddress };

        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync($"api/admin/integrations/{_integrationId}/readiness{query}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"api/admin/integrations/{_integrationId + 1}/readiness")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"api/admin/integrations/{_integrationId}/readiness")).StatusCode);
    }
}
