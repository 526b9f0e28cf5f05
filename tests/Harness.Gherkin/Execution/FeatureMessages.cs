using Harness.Gherkin.Discovery;
using Io.Cucumber.Messages.Types;
using Reqnroll.Formatters.RuntimeSupport;

namespace Harness.Gherkin.Execution;

/// <summary>Hands Reqnroll the Cucumber messages of a feature so its HTML and message reports can be written.</summary>
internal sealed class FeatureMessages(FeatureDocument feature) : IFeatureLevelCucumberMessages
{
    public bool HasMessages => feature.Document is not null;

    public Source Source { get; } = new(feature.Path, feature.SourceText, SourceMediaType.TEXT_X_CUCUMBER_GHERKIN_PLAIN);

    public GherkinDocument GherkinDocument => feature.Document!;

    public IEnumerable<Pickle> Pickles => feature.Pickles;
}
