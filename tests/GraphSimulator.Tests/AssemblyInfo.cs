using Xunit;

[assembly: TestFramework("Harness.Testing.RabbitMq.StopsSharedBrokerTestFramework", "Harness.Testing")]
