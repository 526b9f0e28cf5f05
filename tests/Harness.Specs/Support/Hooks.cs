using Harness.Testing;
using Harness.Testing.RabbitMq;
using Reqnroll;

namespace Harness.Specs.Support;

[Binding]
public sealed class Hooks(ScenarioWorld world, ScenarioContext scenario)
{
    [BeforeTestRun]
    public static void StartFreshReports()
    {
        var tally = Path.Combine(Artifacts.Folder("faults"), "tally.txt");
        File.Delete(tally);
    }

    /// <summary>A failed scenario leaves what each service node logged (warnings and up) in artifacts/logs, for the person reading the failure.</summary>
    [AfterScenario(Order = 0)]
    public void KeepLogsOfAFailure()
    {
        if (scenario.ScenarioExecutionStatus == ScenarioExecutionStatus.OK || world.ServiceNodes.Count == 0)
        {
            return;
        }

        var file = Path.Combine(Artifacts.Folder("logs"), string.Concat(scenario.ScenarioInfo.Title.Select(c => char.IsLetterOrDigit(c) ? c : '-')) + ".log");
        File.WriteAllLines(file, world.ServiceNodes.SelectMany((node, i) => node.Logs.Lines
            .Where(l => l.Level >= Microsoft.Extensions.Logging.LogLevel.Warning)
            .Select(l => $"node {i}: {l}")));
    }

    [AfterScenario(Order = 1)]
    public ValueTask DisposeWorld() => world.DisposeAsync();

    [AfterTestRun]
    public static Task StopBroker() => RabbitMqBroker.StopSharedAsync();
}
