using System.Text.RegularExpressions;
using Harness.Gherkin.Steps;
using Xunit;

namespace Harness.Specs;

/// <summary>docs/steps.md is generated from the bindings; it must say what the bindings are today.</summary>
public sealed class StepCatalogueTests
{
    [Fact]
    public void The_step_catalogue_in_docs_is_up_to_date()
    {
        var assembly = typeof(StepCatalogueTests).Assembly;
        var fresh = StepCatalogue.Render(StepLibrary.Of(assembly), Path.Combine(AppContext.BaseDirectory, "features"), assembly);
        var committed = Path.Combine(AppContext.BaseDirectory, "steps.md");

        Assert.True(File.Exists(committed), "docs/steps.md is missing: run ./harness steps and commit it.");
        Assert.True(File.ReadAllText(committed) == fresh, "docs/steps.md does not match the step bindings: run ./harness steps and commit it.");
    }

    /// <summary>A QA engineer copies a wording from the catalogue and fills in its parameters: it must reach that step and no other.</summary>
    [Fact]
    public void Every_wording_in_the_catalogue_filled_in_binds_to_its_own_step_only()
    {
        var library = StepLibrary.Of(typeof(StepCatalogueTests).Assembly);
        var wrong = new List<string>();
        foreach (var step in library)
        {
            var filled = Regex.Replace(step.Readable.Replace("{string}", "\"x\"", StringComparison.Ordinal).Replace("{int}", "2", StringComparison.Ordinal)
                .Replace("{word}", "B", StringComparison.Ordinal).Replace("{}", "anything", StringComparison.Ordinal), @"\((\w+)\)", "");
            filled = Regex.Replace(filled, @"(\w+)/\w+", "$1");
            var matches = library.Where(b => b.Kind == step.Kind && b.Matches(filled)).ToList();
            if (matches.Count != 1 || matches[0] != step)
            {
                wrong.Add($"{step.Kind} {filled} → {(matches.Count == 0 ? "no step" : string.Join(", ", matches.Select(m => m.Expression)))}");
            }
        }

        Assert.True(wrong.Count == 0, "Catalogue wordings that do not reach their own step:\n" + string.Join("\n", wrong));
    }
}
