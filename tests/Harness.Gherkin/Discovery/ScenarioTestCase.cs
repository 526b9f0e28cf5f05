using System.ComponentModel;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Harness.Gherkin.Discovery;

/// <summary>
/// One scenario as one xUnit test: named "Feature: Scenario", with a <c>Category</c> trait per tag so
/// <c>dotnet test --filter Category=TEST-10</c> selects it. The test method receives (feature path, pickle index).
/// </summary>
public sealed class ScenarioTestCase : XunitTestCase
{
    private string _name = "";
    private string[] _tags = [];

    [EditorBrowsable(EditorBrowsableState.Never)]
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public ScenarioTestCase()
    {
    }

    public ScenarioTestCase(IMessageSink sink, ITestMethod testMethod, string featurePath, string pickleIndex, string name, string[] tags)
        : base(sink, TestMethodDisplay.ClassAndMethod, TestMethodDisplayOptions.None, testMethod, [featurePath, pickleIndex])
    {
        _name = name;
        _tags = tags;
    }

    public IReadOnlyList<string> Tags => _tags;

    /// <summary>Runs the scenario and counts its time towards its feature's (see <see cref="Hosting.LongestFirst"/>).</summary>
    public override async Task<RunSummary> RunAsync(IMessageSink diagnosticMessageSink, IMessageBus messageBus, object[] constructorArguments, ExceptionAggregator aggregator, CancellationTokenSource cancellationTokenSource)
    {
        var summary = await base.RunAsync(diagnosticMessageSink, messageBus, constructorArguments, aggregator, cancellationTokenSource);
        Hosting.LongestFirst.Ran(TestMethod.TestClass.TestCollection, summary.Time);
        return summary;
    }

    protected override void Initialize()
    {
        base.Initialize();
        DisplayName = string.IsNullOrEmpty(_name) ? (string)TestMethodArguments[0] : _name;
        foreach (var tag in _tags)
        {
            if (!Traits.TryGetValue("Category", out var values))
            {
                Traits["Category"] = values = [];
            }

            values.Add(tag);
        }
    }

    public override void Serialize(IXunitSerializationInfo data)
    {
        base.Serialize(data);
        data.AddValue("ScenarioName", _name);
        data.AddValue("Tags", _tags);
    }

    public override void Deserialize(IXunitSerializationInfo data)
    {
        _name = data.GetValue<string>("ScenarioName");
        _tags = data.GetValue<string[]>("Tags");
        base.Deserialize(data);
    }
}
