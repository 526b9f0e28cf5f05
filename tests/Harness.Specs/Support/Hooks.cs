using Harness.Testing.RabbitMq;
using Reqnroll;

namespace Harness.Specs.Support;

[Binding]
public sealed class Hooks(ScenarioWorld world)
{
    [AfterScenario]
    public ValueTask DisposeWorld() => world.DisposeAsync();

    [AfterTestRun]
    public static Task StopBroker() => RabbitMqBroker.StopSharedAsync();
}
