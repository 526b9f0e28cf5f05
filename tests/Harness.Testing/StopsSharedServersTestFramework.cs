using System.Reflection;
using Harness.Gherkin.Hosting;
using Xunit.Abstractions;

namespace Harness.Testing;

/// <summary>
/// Stops the shared broker and PostgreSQL server when the test assembly finishes (a process-exit handler is
/// not reliably given the time). A test assembly opts in with
/// <c>[assembly: TestFramework("Harness.Testing.StopsSharedServersTestFramework", "Harness.Testing")]</c>.
/// </summary>
public sealed class StopsSharedServersTestFramework(IMessageSink messageSink) : AssemblyLifetimeTestFramework(messageSink)
{
    protected override async Task AfterAllTestsAsync(Assembly testAssembly)
    {
        await RabbitMq.RabbitMqBroker.StopSharedAsync();
        await Databases.PostgreSqlServer.StopSharedAsync();
    }
}
