using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Harness.Testing.RabbitMq;

/// <summary>
/// xUnit's framework, plus: the shared broker is stopped when the test assembly finishes (xUnit 2 has no
/// assembly fixtures, and a process-exit handler is not reliably given the time). A test assembly opts in with
/// <c>[assembly: TestFramework("Harness.Testing.RabbitMq.StopsSharedBrokerTestFramework", "Harness.Testing")]</c>.
/// </summary>
public sealed class StopsSharedBrokerTestFramework(IMessageSink messageSink) : XunitTestFramework(messageSink)
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
        protected override async Task BeforeTestAssemblyFinishedAsync()
        {
            await Aggregator.RunAsync(RabbitMqBroker.StopSharedAsync);
            await base.BeforeTestAssemblyFinishedAsync();
        }
    }
}
