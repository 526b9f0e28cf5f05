using Harness.Gherkin.Discovery;
using Reqnroll.Bindings;

namespace Harness.Gherkin.Steps;

/// <summary>A step of a feature that no binding matches (with the nearest ones), or that several match.</summary>
public sealed record StepFinding(string Feature, int Line, StepKind Kind, string Keyword, string Text, IReadOnlyList<StepBinding> Matches, IReadOnlyList<StepBinding> Nearest)
{
    public bool Undefined => Matches.Count == 0;

    public string Describe()
    {
        var where = $"{Feature}:{Line}: {Keyword.Trim()} {Text}";
        if (!Undefined)
        {
            return $"{where}{Environment.NewLine}  matches {Matches.Count} steps, so it is ambiguous:{Environment.NewLine}"
                + string.Join(Environment.NewLine, Matches.Select(m => $"    {m.Text}  ({m.Method.DeclaringType!.Name}.{m.Method.Name})"));
        }

        var nearest = Nearest.Count == 0 ? "" : $"{Environment.NewLine}  nearest existing steps:{Environment.NewLine}" + string.Join(Environment.NewLine, Nearest.Select(n => $"    {n.Kind} {n.Readable}"));
        return $"{where}{Environment.NewLine}  no step matches it{nearest}";
    }
}

/// <summary>
/// The dry run: every step of every scenario (outline rows included) bound against the library, without running
/// anything. And/But count as the keyword before them, as in a run.
/// </summary>
public static class StepCheck
{
    public sealed record Result(int Features, int Scenarios, int Steps, IReadOnlyList<string> ParseErrors, IReadOnlyList<StepFinding> Findings)
    {
        public bool Passed => ParseErrors.Count == 0 && Findings.Count == 0;
    }

    public static Result Run(IReadOnlyList<StepBinding> library, string root, IReadOnlyList<string> featurePaths)
    {
        var findings = new List<StepFinding>();
        var errors = new List<string>();
        var (scenarios, steps) = (0, 0);
        foreach (var path in featurePaths)
        {
            var feature = FeatureCatalog.Load(root, path);
            if (feature.ParseError is not null)
            {
                errors.Add(feature.ParseError);
                continue;
            }

            // An outline's rows repeat its steps: report each written step once.
            var seen = new HashSet<(int, string)>();
            foreach (var scenario in feature.Scenarios)
            {
                scenarios++;
                foreach (var step in scenario.Steps)
                {
                    steps++;
                    var matches = library.Where(b => b.Matches(step.Kind, step.Text)).ToList();
                    if (matches.Count != 1 && seen.Add((step.Line, step.Text)))
                    {
                        findings.Add(new StepFinding(feature.Path, step.Line, step.Kind, step.Keyword, step.Text, matches, matches.Count == 0 ? Nearest(library, step.Kind, step.Text) : []));
                    }
                }
            }
        }

        return new Result(featurePaths.Count, scenarios, steps, errors, findings);
    }

    /// <summary>The three steps whose wording is closest (same keyword first), compared with their parameters as placeholders.</summary>
    public static IReadOnlyList<StepBinding> Nearest(IReadOnlyList<StepBinding> library, StepKind kind, string text)
    {
        var shape = StepText.Shape(text);
        return library
            .Select(b => (Binding: b, Distance: StepText.Distance(shape, StepText.Shape(b.Readable)) + (b.Kind == StepBinding.KindOf(kind) ? 0 : 3)))
            .OrderBy(x => x.Distance)
            .ThenBy(x => x.Binding.Expression, StringComparer.Ordinal)
            .Select(x => x.Binding)
            .DistinctBy(b => b.Expression)
            .Take(3)
            .ToList();
    }
}
