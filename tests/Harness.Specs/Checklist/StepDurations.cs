using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Reqnroll;

namespace Harness.Specs.Checklist;

/// <summary>
/// How long each step took, so slow steps are visible: written next to the checklist matrix as
/// step-durations.md — the steps that cost the run most in total (by step definition), and the slowest single ones.
/// </summary>
[Binding]
public sealed class StepDurations(ScenarioContext scenario)
{
    private static readonly ConcurrentBag<StepTime> Times = [];
    private readonly Stopwatch _step = new();

    [BeforeStep]
    public void Start() => _step.Restart();

    [AfterStep]
    public void Stop()
    {
        var step = scenario.StepContext.StepInfo;
        Times.Add(new StepTime(step.BindingMatch?.StepBinding?.SourceExpression ?? step.Text, $"{step.StepDefinitionType} {step.Text}", scenario.ScenarioInfo.Title, _step.Elapsed));
    }

    /// <summary>The report, in the folder the matrix is written to.</summary>
    public static void WriteTo(string folder)
    {
        var times = Times.ToList();
        if (times.Count == 0)
        {
            return;
        }

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"# Step durations ({times.Count} steps, {times.Sum(t => t.Elapsed.TotalSeconds):0} s in all; scenarios run in parallel)");
        report.AppendLine().AppendLine("## Most time in total, by step definition").AppendLine().AppendLine("| step | runs | total s | slowest s |").AppendLine("| --- | --- | --- | --- |");
        foreach (var group in times.GroupBy(t => t.Definition).OrderByDescending(g => g.Sum(t => t.Elapsed.TotalSeconds)).Take(25))
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"| {Cell(group.Key)} | {group.Count()} | {group.Sum(t => t.Elapsed.TotalSeconds):0.0} | {group.Max(t => t.Elapsed.TotalSeconds):0.0} |");
        }

        report.AppendLine().AppendLine("## Slowest single steps").AppendLine().AppendLine("| s | step | scenario |").AppendLine("| --- | --- | --- |");
        foreach (var time in times.OrderByDescending(t => t.Elapsed).Take(25))
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"| {time.Elapsed.TotalSeconds:0.0} | {Cell(time.Text)} | {Cell(time.Scenario)} |");
        }

        File.WriteAllText(Path.Combine(folder, "step-durations.md"), report.ToString());
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    private sealed record StepTime(string Definition, string Text, string Scenario, TimeSpan Elapsed);
}
