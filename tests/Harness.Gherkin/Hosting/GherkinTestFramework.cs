using System.Reflection;
using Harness.Gherkin.Execution;
using Reqnroll;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Harness.Gherkin.Hosting;

/// <summary>
/// xUnit's framework plus Reqnroll's test-run start and end around the whole assembly, so
/// [BeforeTestRun]/[AfterTestRun] hooks run and the reports are flushed. A test assembly opts in with
/// <c>[assembly: TestFramework("Harness.Gherkin.Hosting.GherkinTestFramework", "Harness.Gherkin")]</c>.
/// </summary>
public sealed class GherkinTestFramework(IMessageSink messageSink) : XunitTestFramework(messageSink)
{
    protected override ITestFrameworkExecutor CreateExecutor(AssemblyName assemblyName) =>
        new Executor(assemblyName, SourceInformationProvider, DiagnosticMessageSink);

    private sealed class Executor(AssemblyName name, ISourceInformationProvider sourceInfo, IMessageSink diagnostics)
        : XunitTestFrameworkExecutor(name, sourceInfo, diagnostics)
    {
        protected override async void RunTestCases(IEnumerable<IXunitTestCase> testCases, IMessageSink executionMessageSink, ITestFrameworkExecutionOptions executionOptions)
        {
            using var runner = new AssemblyRunner(TestAssembly, testCases, DiagnosticMessageSink, executionMessageSink, executionOptions);
            await runner.RunAsync();
        }
    }

    private sealed class AssemblyRunner(ITestAssembly testAssembly, IEnumerable<IXunitTestCase> testCases, IMessageSink diagnostics, IMessageSink execution, ITestFrameworkExecutionOptions options)
        : XunitTestAssemblyRunner(testAssembly, testCases, diagnostics, execution, options)
    {
        private Assembly Assembly => ((IReflectionAssemblyInfo)TestAssembly.Assembly).Assembly;

        protected override async Task AfterTestAssemblyStartingAsync()
        {
            await base.AfterTestAssemblyStartingAsync();
            await Aggregator.RunAsync(() => TestRunnerManager.OnTestRunStartAsync(Assembly));
        }

        protected override async Task BeforeTestAssemblyFinishedAsync()
        {
            await Aggregator.RunAsync(() => ScenarioExecutor.EndTestRunAsync(Assembly));
            await base.BeforeTestAssemblyFinishedAsync();
        }
    }
}
