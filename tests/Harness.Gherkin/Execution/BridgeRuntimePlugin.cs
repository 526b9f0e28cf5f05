using Reqnroll;
using Reqnroll.Plugins;
using Reqnroll.UnitTestProvider;

namespace Harness.Gherkin.Execution;

/// <summary>
/// Registers the bridge as Reqnroll's unit-test provider. A test assembly opts in with
/// <c>[assembly: RuntimePlugin(typeof(BridgeRuntimePlugin))]</c>; without it Reqnroll looks for NUnit.
/// </summary>
public sealed class BridgeRuntimePlugin : IRuntimePlugin
{
    public const string ProviderName = "harness-xunit-bridge";

    public void Initialize(RuntimePluginEvents runtimePluginEvents, RuntimePluginParameters runtimePluginParameters, UnitTestProviderConfiguration unitTestProviderConfiguration)
    {
        runtimePluginEvents.RegisterGlobalDependencies += (_, args) =>
            args.ObjectContainer.RegisterTypeAs<BridgeRuntimeProvider, IUnitTestRuntimeProvider>(ProviderName);
        unitTestProviderConfiguration.UseUnitTestProvider(ProviderName);
    }
}

/// <summary>xUnit 2 has no pending or inconclusive result: both fail the scenario with Reqnroll's message.</summary>
internal sealed class BridgeRuntimeProvider : IUnitTestRuntimeProvider
{
    public void TestPending(string message) => throw new ScenarioFailedException(message);

    public void TestInconclusive(string message) => throw new ScenarioFailedException(message);

    public void TestIgnore(string message) => throw new ScenarioFailedException($"Scenario ignored at run time: {message}");

    public ScenarioExecutionStatus? DetectExecutionStatus(Exception exception) => null;
}
