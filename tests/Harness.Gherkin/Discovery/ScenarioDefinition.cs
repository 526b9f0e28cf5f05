using Reqnroll;

namespace Harness.Gherkin.Discovery;

/// <summary>One executable scenario (a pickle): a plain scenario or one row of an outline.</summary>
public sealed record ScenarioDefinition(
    string PickleIndex,
    string DisplayName,
    string Title,
    string Description,
    string[] Tags,
    string[] OwnTags,
    RuleInfo? Rule,
    int Line,
    IReadOnlyList<KeyValuePair<string, string>> Arguments,
    IReadOnlyList<StepDefinitionCall> Steps);

/// <summary>A step as Reqnroll wants it: keyword kind, text with outline values filled in, argument, source line.</summary>
public sealed record StepDefinitionCall(StepKind Kind, string Keyword, string Text, string? DocString, Table? Table, int Line);

public enum StepKind
{
    Given,
    When,
    Then,
}
