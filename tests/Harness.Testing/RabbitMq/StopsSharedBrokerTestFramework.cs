using System.Reflection;
using Harness.Gherkin.Hosting;
using Xunit.Abstractions;

namespace Harness.Testing.RabbitMq;

/// <summary>
/// Stops the shared broker when the test assembly finishes (a process-exit handler is not reliably given
/// the time). A test assembly opts in with
/// <c>[assembly: TestFramework("Harness.Testing.RabbitMq.StopsSharedBrokerTestFramework", "Harness.Testing")]</c>.
/// </summary>
public sealed class StopsSharedBrokerTestFramework(IMessageSink messageSink) : AssemblyLifetimeTestFramework(messageSink)
{
    protected override Task AfterAllTestsAsync(Assembly testAssembly) => RabbitMqBroker.StopSharedAsync();
}
