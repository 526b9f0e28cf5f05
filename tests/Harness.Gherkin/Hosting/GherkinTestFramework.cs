using System.Reflection;
using Harness.Gherkin.Execution;
using Reqnroll;
using Xunit.Abstractions;

namespace Harness.Gherkin.Hosting;

/// <summary>
/// Reqnroll's test-run start and end around the whole assembly, so [BeforeTestRun]/[AfterTestRun] hooks
/// run and the reports are flushed. A test assembly opts in with
/// <c>[assembly: TestFramework("Harness.Gherkin.Hosting.GherkinTestFramework", "Harness.Gherkin")]</c>.
/// </summary>
public sealed class GherkinTestFramework(IMessageSink messageSink) : AssemblyLifetimeTestFramework(messageSink)
{
    protected override Task BeforeAllTestsAsync(Assembly testAssembly) => TestRunnerManager.OnTestRunStartAsync(testAssembly);

    protected override Task AfterAllTestsAsync(Assembly testAssembly) => ScenarioExecutor.EndTestRunAsync(testAssembly);
}
