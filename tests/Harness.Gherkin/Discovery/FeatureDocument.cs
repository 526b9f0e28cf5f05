using Io.Cucumber.Messages.Types;

namespace Harness.Gherkin.Discovery;

/// <summary>One parsed .feature file: its scenarios (one per pickle, outline rows included) or why it failed to parse.</summary>
public sealed class FeatureDocument
{
    private FeatureDocument(string path, string title)
    {
        Path = path;
        Title = title;
    }

    public string Path { get; }
    public string Title { get; }
    public string Description { get; private init; } = "";
    public string[] Tags { get; private init; } = [];
    public string? ParseError { get; private init; }
    public string SourceText { get; private init; } = "";
    public GherkinDocument? Document { get; private init; }
    public IReadOnlyList<Pickle> Pickles { get; private init; } = [];
    public IReadOnlyList<ScenarioDefinition> Scenarios { get; private init; } = [];

    public static FeatureDocument FromError(string path, string error) =>
        new(path, System.IO.Path.GetFileNameWithoutExtension(path)) { ParseError = error };

    public static FeatureDocument FromParsed(string path, string text, GherkinDocument document, IReadOnlyList<Pickle> pickles)
    {
        var feature = document.Feature;
        var map = GherkinNodeMap.Build(document);
        var title = feature?.Name ?? System.IO.Path.GetFileNameWithoutExtension(path);
        var scenarios = new List<ScenarioDefinition>(pickles.Count);
        var rowsPerScenario = pickles.GroupBy(p => p.AstNodeIds[0]).ToDictionary(g => g.Key, g => g.Count());
        for (var index = 0; index < pickles.Count; index++)
        {
            var pickle = pickles[index];
            var node = map.Scenario(pickle.AstNodeIds[0]);
            var exampleRow = pickle.AstNodeIds.Count > 1 ? map.Row(pickle.AstNodeIds[1]) : null;
            var name = rowsPerScenario[pickle.AstNodeIds[0]] > 1 && exampleRow is not null
                ? $"{title}: {pickle.Name} [{string.Join(", ", exampleRow.Cells)}]"
                : $"{title}: {pickle.Name}";
            scenarios.Add(new ScenarioDefinition(
                PickleIndex: index.ToString(System.Globalization.CultureInfo.InvariantCulture),
                DisplayName: name,
                Title: pickle.Name,
                Description: node.Scenario.Description?.Trim() ?? "",
                Tags: pickle.Tags.Select(t => t.Name.TrimStart('@')).Distinct(StringComparer.Ordinal).ToArray(),
                OwnTags: node.Scenario.Tags.Select(t => t.Name.TrimStart('@')).ToArray(),
                Rule: node.Rule,
                Line: (int)(exampleRow?.Line ?? node.Scenario.Location.Line),
                Arguments: exampleRow?.Arguments ?? [],
                Steps: pickle.Steps.Select(s => map.Step(s)).ToArray()));
        }

        return new FeatureDocument(path, title)
        {
            Description = feature?.Description?.Trim() ?? "",
            Tags = feature?.Tags.Select(t => t.Name.TrimStart('@')).ToArray() ?? [],
            SourceText = text,
            Document = document,
            Pickles = pickles,
            Scenarios = scenarios,
        };
    }

    public ScenarioDefinition Scenario(string pickleIndex) =>
        Scenarios.FirstOrDefault(s => s.PickleIndex == pickleIndex)
        ?? throw new InvalidOperationException($"{Path} has no scenario #{pickleIndex}; was the file edited after discovery? Rebuild and run again.");
}
