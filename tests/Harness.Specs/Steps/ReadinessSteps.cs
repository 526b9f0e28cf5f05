using System.Net.Http.Json;
using System.Text.Json;
using Harness.Specs.Support;
using Reqnroll;
using Xunit;

namespace Harness.Specs.Steps;

/// <summary>The production readiness check (admin API), as an operator runs it before go-live.</summary>
[Binding]
public sealed class ReadinessSteps(ScenarioWorld world)
{
    private JsonElement _report;

    /// <summary>The production readiness check (admin API).</summary>
    [When("the readiness check runs")]
    public Task WhenTheCheckRuns() => RunAsync(null);

    /// <summary>The production readiness check (admin API).</summary>
    [When("the readiness check runs with the probe mailbox {string}")]
    public Task WhenTheCheckRunsWithAProbe(string mailbox) => RunAsync(ScenarioWorld.Mailbox(mailbox));

    /// <summary>Its items.</summary>
    [Then("the readiness check passes {string}")]
    public void ThenPasses(string items)
    {
        foreach (var item in items.Split(',', StringSplitOptions.TrimEntries))
        {
            var found = Item(item);
            Assert.True(found.GetProperty("outcome").GetString() == "passed", $"{item}: {found}");
        }
    }

    /// <summary>Its items.</summary>
    [Then("the readiness check fails {string} saying {string}")]
    public void ThenFails(string item, string message) => AssertOutcome(item, "failed", message);

    /// <summary>The URI to register.</summary>
    [Then("the readiness check fails {string}, naming the integration's redirect URI")]
    public void ThenFailsNamingTheRedirectUri(string item) =>
        AssertOutcome(item, "failed", new Uri(world.Service.PublicBaseUrl, $"integrations/redirect/{world.IntegrationId}").ToString());

    /// <summary>Its items.</summary>
    [Then("the readiness check does not check {string}, saying {string}")]
    public void ThenNotChecked(string item, string message) => AssertOutcome(item, "not checked", message);

    /// <summary>Its items.</summary>
    [Then("the integration is not ready for production")]
    public void ThenNotReady() => Assert.False(_report.GetProperty("ready").GetBoolean());

    /// <summary>
    /// `dotnet OutlookSync.dll readiness &lt;id&gt; [probe]` as the operator runs it: the command's own code, run inside the
    /// web node so it shares the simulated clock (the process and its command line are covered by CommandTests).
    /// </summary>
    [When("the operator runs the readiness command")]
    public Task WhenTheCommandRuns() => RunCommandAsync(world.IntegrationId, null);

    /// <summary>The same, with a mailbox outside the room group to prove the access policy (PROD-03).</summary>
    [When("the operator runs the readiness command with the probe mailbox {string}")]
    public Task WhenTheCommandRunsWithAProbe(string mailbox) => RunCommandAsync(world.IntegrationId, ScenarioWorld.Mailbox(mailbox));

    /// <summary>The same for an integration id of one's choosing (an unknown one exits 2).</summary>
    [When("the operator runs the readiness command for the integration {int}")]
    public Task WhenTheCommandRunsFor(int id) => RunCommandAsync(id, null);

    /// <summary>0 ready, 1 not ready, 2 unknown integration; the words are looked for in what it printed.</summary>
    [Then("the readiness command exits with code {int}, printing {string}")]
    public void ThenTheCommandExits(int code, string words)
    {
        var (exit, output) = _command ?? throw new InvalidOperationException("The readiness command has not run in this scenario.");
        Assert.True(exit == code && output.Contains(words, StringComparison.Ordinal), $"The readiness command exited {exit} (expected {code}) and printed:\n{output}");
    }

    private async Task RunCommandAsync(int id, string? probe)
    {
        using var output = new StringWriter();
        var exit = await OutlookSync.Diagnostics.Readiness.ReadinessEndpoints.RunCommandAsync(world.Service.Services, id, probe, output);
        _command = (exit, output.ToString());
    }

    private void AssertOutcome(string item, string outcome, string message)
    {
        var found = Item(item);
        Assert.True(found.GetProperty("outcome").GetString() == outcome, $"{item}: {found}");
        Assert.Contains(message, found.GetProperty("message").GetString());
    }

    private (int Exit, string Output)? _command;

    private JsonElement Item(string item) =>
        _report.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("item").GetString() == item);

    private async Task RunAsync(string? probe)
    {
        using var admin = world.Service.CreateAdminClient();
        _report = await admin.GetFromJsonAsync<JsonElement>($"api/admin/integrations/{world.IntegrationId}/readiness" + (probe is null ? "" : $"?probeMailbox={Uri.EscapeDataString(probe)}"));
    }
}
