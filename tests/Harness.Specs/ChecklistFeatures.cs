using Harness.Gherkin.Discovery;
using Harness.Gherkin.Execution;

namespace Harness.Specs;

/// <summary>Every scenario under /features, one xUnit test each (see tests/Harness.Gherkin).</summary>
public sealed class ChecklistFeatures
{
    [FeatureFiles("features")]
    public Task Scenario(string featurePath, string pickleIndex) =>
        ScenarioExecutor.RunAsync(typeof(ChecklistFeatures).Assembly, featurePath, pickleIndex);
}
