using System.Net;
using System.Net.Sockets;
using Harness.Specs.Support;
using Reqnroll;

namespace Harness.Specs.Steps;

[Binding]
public sealed class ServiceSteps(ScenarioWorld world)
{
    [Given("the sync service is running")]
    public async Task GivenTheServiceIsRunning() =>
        world.StartServiceNode((await world.BrokerAsync()).AmqpUrl, "web,worker");

    [Given("the sync service is running without a worker")]
    public async Task GivenTheServiceIsRunningWithoutAWorker() =>
        world.StartServiceNode((await world.BrokerAsync()).AmqpUrl, "web");

    [Given("the sync service is running with a broker that cannot be reached")]
    public void GivenTheServiceIsRunningWithAnUnreachableBroker() =>
        world.StartServiceNode(new Uri($"amqp://guest:guest@127.0.0.1:{ClosedPort()}/"), "web");

    [When("a worker starts")]
    public async Task WhenAWorkerStarts() =>
        world.StartServiceNode((await world.BrokerAsync()).AmqpUrl, "worker");

    private static int ClosedPort()
    {
        // A port that was free a moment ago and that nothing listens on now.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
