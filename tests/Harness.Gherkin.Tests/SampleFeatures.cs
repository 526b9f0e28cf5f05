using Harness.Gherkin.Discovery;
using Harness.Gherkin.Execution;
using Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Harness.Gherkin.Tests;

/// <summary>
/// Stands where a real test assembly puts its [FeatureFiles] method. Abstract, so xUnit does not run the
/// deliberately broken samples itself; the tests below drive discovery and execution directly.
/// </summary>
public abstract class SampleFeatures
{
    [FeatureFiles("Samples")]
    public Task Scenario(string featurePath, string pickleIndex) =>
        ScenarioExecutor.RunAsync(typeof(SampleFeatures).Assembly, featurePath, pickleIndex);

    public static IReadOnlyList<ScenarioTestCase> Discover()
    {
        var method = typeof(SampleFeatures).GetMethod(nameof(Scenario))!;
        var assembly = new TestAssembly(Reflector.Wrap(typeof(SampleFeatures).Assembly));
        var testClass = new TestClass(new TestCollection(assembly, null, "samples"), Reflector.Wrap(typeof(SampleFeatures)));
        var testMethod = new TestMethod(testClass, Reflector.Wrap(method));
        var attribute = Reflector.Wrap(method.GetCustomAttributesData().Single(a => a.AttributeType == typeof(FeatureFilesAttribute)));
        return new ScenarioDiscoverer(new NullMessageSink())
            .Discover(new DiscoveryOptions(), testMethod, attribute)
            .Cast<ScenarioTestCase>()
            .ToList();
    }

    public static Task Run(ScenarioTestCase testCase) =>
        ScenarioExecutor.RunAsync(typeof(SampleFeatures).Assembly, (string)testCase.TestMethodArguments[0], (string)testCase.TestMethodArguments[1]);

    private sealed class NullMessageSink : LongLivedMarshalByRefObject, IMessageSink
    {
        public bool OnMessage(IMessageSinkMessage message) => true;
    }

    private sealed class DiscoveryOptions : LongLivedMarshalByRefObject, ITestFrameworkDiscoveryOptions
    {
        private readonly Dictionary<string, object?> _values = new();

        public TValue GetValue<TValue>(string name) => _values.TryGetValue(name, out var value) ? (TValue)value! : default!;

        public void SetValue<TValue>(string name, TValue value) => _values[name] = value;
    }
}
