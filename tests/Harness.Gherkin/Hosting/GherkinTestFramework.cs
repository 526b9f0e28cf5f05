using System.Reflection;
using Harness.Gherkin.Discovery;
using Harness.Gherkin.Execution;
using Reqnroll;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Harness.Gherkin.Hosting;

/// <summary>
/// Reqnroll's test-run start and end around the whole assembly, so [BeforeTestRun]/[AfterTestRun] hooks
/// run and the reports are flushed. A run that executes only some scenarios (a filter) writes its reports
/// into a "partial" folder beside the full run's, which it leaves alone. A test assembly opts in with
/// <c>[assembly: TestFramework("Harness.Gherkin.Hosting.GherkinTestFramework", "Harness.Gherkin")]</c>.
/// </summary>
public sealed class GherkinTestFramework(IMessageSink messageSink) : AssemblyLifetimeTestFramework(messageSink)
{
    protected override Task BeforeAllTestsAsync(Assembly testAssembly, IReadOnlyCollection<IXunitTestCase> testCases)
    {
        RunScope.Current = RunScope.Of(testAssembly, testCases.OfType<ScenarioTestCase>().ToList());
        if (RunScope.Current.IsPartial)
        {
            ReportLocations.RedirectToPartialFolder();
        }

        return TestRunnerManager.OnTestRunStartAsync(testAssembly);
    }

    protected override Task AfterAllTestsAsync(Assembly testAssembly) => ScenarioExecutor.EndTestRunAsync(testAssembly);
}
