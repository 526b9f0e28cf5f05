using Xunit.Abstractions;
using Xunit.Sdk;

namespace Harness.Gherkin.Discovery;

/// <summary>
/// Turns every scenario of every .feature file into its own xUnit test case. Each feature gets a
/// test collection of its own, so xUnit may run features in parallel and scenarios of one feature in order.
/// </summary>
public sealed class ScenarioDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var folder = factAttribute.GetConstructorArguments().OfType<string>().First();
        var root = Path.Combine(AppContext.BaseDirectory, folder);
        var files = FeatureCatalog.FindFeatureFiles(root);
        if (files.Count == 0)
        {
            yield return new ScenarioTestCase(diagnosticMessageSink, testMethod, folder, "", $"No .feature files under {folder}", []);
            yield break;
        }

        foreach (var relative in files)
        {
            var featurePath = $"{folder}/{relative}";
            var feature = FeatureCatalog.Load(AppContext.BaseDirectory, featurePath);
            var method = PerFeatureCollection(testMethod, feature.Title, featurePath);
            if (feature.ParseError is not null)
            {
                yield return new ScenarioTestCase(diagnosticMessageSink, method, featurePath, "", $"{featurePath}: syntax error", []);
                continue;
            }

            foreach (var scenario in feature.Scenarios)
            {
                yield return new ScenarioTestCase(diagnosticMessageSink, method, featurePath, scenario.PickleIndex, scenario.DisplayName, scenario.Tags);
            }
        }
    }

    private static TestMethod PerFeatureCollection(ITestMethod testMethod, string featureTitle, string featurePath)
    {
        var assembly = testMethod.TestClass.TestCollection.TestAssembly;
        var id = DeterministicGuid(featurePath);
        var collection = new TestCollection(assembly, null, $"Feature: {featureTitle} ({featurePath})", id);
        return new TestMethod(new TestClass(collection, testMethod.TestClass.Class), testMethod.Method);
    }

    private static Guid DeterministicGuid(string text)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text));
        return new Guid(hash.AsSpan(0, 16));
    }
}
