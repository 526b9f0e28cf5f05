using Xunit;
using Xunit.Sdk;

namespace Harness.Gherkin.Discovery;

/// <summary>
/// Marks the one method of a test assembly that stands for every scenario in the .feature files
/// below <see cref="Folder"/> (relative to the test output). The method receives the feature path
/// and pickle id and should call <see cref="Execution.ScenarioExecutor.RunAsync"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
[XunitTestCaseDiscoverer("Harness.Gherkin.Discovery.ScenarioDiscoverer", "Harness.Gherkin")]
public sealed class FeatureFilesAttribute(string folder) : FactAttribute
{
    public string Folder { get; } = folder;
}
