using System.Diagnostics;
using Harness.Gherkin.Hosting;
using Harness.Testing;
using Reqnroll;

namespace Harness.Specs.Checklist;

/// <summary>Records each scenario's outcome and writes the checklist matrix when the run ends (a partial run: into artifacts/checklist/partial; on PostgreSQL under artifacts/checklist/postgres).</summary>
[Binding]
public sealed class ChecklistHooks(ScenarioContext scenario, FeatureContext feature)
{
    private readonly Stopwatch _elapsed = new();

    [BeforeScenario(Order = 0)]
    public void StartClock() => _elapsed.Start();

    [AfterScenario(Order = -10)]
    public void Record() =>
        ScenarioResults.Record(new ScenarioResult(
            feature.FeatureInfo.Title,
            scenario.ScenarioInfo.Title + OutlineRow(),
            scenario.ScenarioInfo.CombinedTags,
            scenario.ScenarioExecutionStatus == ScenarioExecutionStatus.OK && scenario.TestError is null,
            scenario.TestError?.Message.Split('\n')[0],
            _elapsed.Elapsed));

    [AfterTestRun(Order = 100)]
    public static void WriteMatrix()
    {
        var items = ChecklistItems.Load(Path.Combine(AppContext.BaseDirectory, "checklist.md"));
        var partial = RunScope.Current.IsPartial;
        var matrix = ChecklistMatrix.Build(items, ScenarioResults.All, partial);
        // A run on PostgreSQL (STORAGE=postgres) keeps its own reports beside the SQLite run's.
        var store = Artifacts.Folder(Harness.Testing.Databases.TestDatabase.PostgreSqlRequested ? Path.Combine("checklist", "postgres") : "checklist");
        var folder = partial ? Path.Combine(store, "partial") : store;
        matrix.WriteTo(folder);
        StepDurations.WriteTo(folder);
    }

    private string OutlineRow() =>
        scenario.ScenarioInfo.Arguments.Count == 0 ? "" : $" [{string.Join(", ", scenario.ScenarioInfo.Arguments.Values.Cast<object>())}]";
}
