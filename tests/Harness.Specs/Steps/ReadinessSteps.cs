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

    private void AssertOutcome(string item, string outcome, string message)
    {
        var found = Item(item);
        Assert.True(found.GetProperty("outcome").GetString() == outcome, $"{item}: {found}");
        Assert.Contains(message, found.GetProperty("message").GetString());
    }

    private JsonElement Item(string item) =>
        _report.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("item").GetString() == item);

    private async Task RunAsync(string? probe)
    {
        using var admin = world.Service.CreateAdminClient();
        _report = await admin.GetFromJsonAsync<JsonElement>($"api/admin/integrations/{world.IntegrationId}/readiness" + (probe is null ? "" : $"?probeMailbox={Uri.EscapeDataString(probe)}"));
    }
}
