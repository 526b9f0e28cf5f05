using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Harness.Gherkin.Hosting;

/// <summary>
/// xUnit's own framework plus work before the first and after the last test of the assembly, which
/// xUnit 2 has no fixture for, and the longest test collections first (see <see cref="LongestFirst"/>). Derive, override the two hooks, and name the class in
/// <c>[assembly: TestFramework("Namespace.Class", "Assembly")]</c>.
/// </summary>
public abstract class AssemblyLifetimeTestFramework(IMessageSink messageSink) : XunitTestFramework(messageSink)
{
    /// <summary>Before the first test; <paramref name="testCases"/> are the ones this run will execute (after any filter).</summary>
    protected virtual Task BeforeAllTestsAsync(Assembly testAssembly, IReadOnlyCollection<IXunitTestCase> testCases) => Task.CompletedTask;

    protected virtual Task AfterAllTestsAsync(Assembly testAssembly) => Task.CompletedTask;

    protected override ITestFrameworkExecutor CreateExecutor(AssemblyName assemblyName) =>
        new Executor(this, assemblyName, SourceInformationProvider, DiagnosticMessageSink);

    private sealed class Executor(AssemblyLifetimeTestFramework framework, AssemblyName name, ISourceInformationProvider sourceInfo, IMessageSink diagnostics)
        : XunitTestFrameworkExecutor(name, sourceInfo, diagnostics)
    {
        protected override async void RunTestCases(IEnumerable<IXunitTestCase> testCases, IMessageSink executionMessageSink, ITestFrameworkExecutionOptions executionOptions)
        {
            using var runner = new AssemblyRunner(framework, TestAssembly, testCases, DiagnosticMessageSink, executionMessageSink, executionOptions);
            await runner.RunAsync();
        }
    }

    private sealed class AssemblyRunner(AssemblyLifetimeTestFramework framework, ITestAssembly testAssembly, IEnumerable<IXunitTestCase> testCases, IMessageSink diagnostics, IMessageSink execution, ITestFrameworkExecutionOptions options)
        : XunitTestAssemblyRunner(testAssembly, testCases, diagnostics, execution, options)
    {
        private LongestFirst? _order;

        private Assembly Assembly => ((IReflectionAssemblyInfo)TestAssembly.Assembly).Assembly;

        protected override async Task AfterTestAssemblyStartingAsync()
        {
            await base.AfterTestAssemblyStartingAsync();
            TestCollectionOrderer = _order = new LongestFirst(TestCollectionOrderer);
            await Aggregator.RunAsync(() => framework.BeforeAllTestsAsync(Assembly, TestCases.ToList()));
        }

        protected override async Task BeforeTestAssemblyFinishedAsync()
        {
            await Aggregator.RunAsync(() => framework.AfterAllTestsAsync(Assembly));
            _order?.Save();
            await base.BeforeTestAssemblyFinishedAsync();
        }
    }
}
