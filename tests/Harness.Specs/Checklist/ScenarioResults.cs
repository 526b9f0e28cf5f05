using System.Collections.Concurrent;

namespace Harness.Specs.Checklist;

/// <summary>One scenario's outcome, as the checklist matrix needs it.</summary>
public sealed record ScenarioResult(string Feature, string Scenario, IReadOnlyList<string> Tags, bool Passed, string? Error, TimeSpan Duration)
{
    public const string FailurePathTag = "misconfiguration";

    /// <summary>Proves that the misconfiguration an item guards against is caught, with the message an operator sees.</summary>
    public bool IsFailurePath => Tags.Contains(FailurePathTag, StringComparer.Ordinal);

    public string Name => $"{Feature}: {Scenario}";
}

/// <summary>Every scenario of this run, recorded as it ends (scenarios run in parallel).</summary>
public static class ScenarioResults
{
    private static readonly ConcurrentQueue<ScenarioResult> Results = new();

    public static IReadOnlyList<ScenarioResult> All => Results.ToList();

    public static void Record(ScenarioResult result) => Results.Enqueue(result);
}
