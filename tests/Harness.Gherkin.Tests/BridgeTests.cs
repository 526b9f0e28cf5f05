using Harness.Gherkin.Discovery;
using Harness.Gherkin.Execution;
using Xunit;
using Xunit.Sdk;

namespace Harness.Gherkin.Tests;

public sealed class BridgeTests
{
    private static readonly IReadOnlyList<ScenarioTestCase> Cases = SampleFeatures.Discover();

    private static ScenarioTestCase Case(string displayName) =>
        Cases.SingleOrDefault(c => c.DisplayName == displayName)
        ?? throw new Xunit.Sdk.XunitException($"No test named '{displayName}'. Found: {string.Join(" | ", Cases.Select(c => c.DisplayName))}");

    [Fact]
    public void Every_scenario_and_outline_row_is_one_test_named_feature_colon_scenario()
    {
        var names = Cases.Select(c => c.DisplayName).Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(
            [
                "Failing sample: A step throws",
                "Passing sample: Outline rows [1, 2]",
                "Passing sample: Outline rows [5, 6]",
                "Passing sample: Plain scenario",
                "Passing sample: Scenario inside a rule",
                "Pending sample: A step is still pending",
                "Samples/nested/broken.feature: syntax error",
                "Undefined sample: A step has no binding",
            ],
            names);
        Assert.Equal(Cases.Count, Cases.Select(c => c.UniqueID).Distinct().Count());
    }

    /// <summary>Reqnroll's HTML report keys scenarios and steps by these ids: one repeated across files and it shows nothing.</summary>
    [Fact]
    public void Gherkin_ids_are_unique_across_every_feature_file_of_a_run()
    {
        var features = FeatureCatalog.FindFeatureFiles(Path.Combine(AppContext.BaseDirectory, "Samples"))
            .Select(f => FeatureCatalog.Load(AppContext.BaseDirectory, $"Samples/{f}"))
            .Where(f => f.Document is not null)
            .ToList();

        // Every id a feature's messages use: its pickles, their steps, and the AST nodes they point at.
        var idsPerFeature = features.Select(f => f.Pickles.SelectMany(p => p.Steps.SelectMany(step => step.AstNodeIds.Append(step.Id)).Append(p.Id).Concat(p.AstNodeIds)).ToHashSet()).ToList();

        Assert.True(features.Count >= 3, "the samples hold several parsable feature files");
        var shared = idsPerFeature.SelectMany((ids, i) => idsPerFeature.Skip(i + 1).SelectMany(other => ids.Intersect(other))).ToList();
        Assert.Empty(shared);
    }

    [Fact]
    public void Tags_of_feature_rule_and_scenario_become_Category_traits()
    {
        Assert.Equal(["sample", "TEST-10", "INFRA-1"], Case("Passing sample: Outline rows [1, 2]").Traits["Category"]);
        Assert.Equal(["sample", "TEST-10", "rule-tag"], Case("Passing sample: Scenario inside a rule").Traits["Category"]);
        Assert.False(Case("Failing sample: A step throws").Traits.ContainsKey("Category"));
    }

    [Fact]
    public void A_test_case_survives_xunit_serialization_with_its_name_and_traits()
    {
        var original = Case("Passing sample: Outline rows [5, 6]");

        var copy = SerializationHelper.Deserialize<ScenarioTestCase>(SerializationHelper.Serialize(original))!;

        Assert.Equal(original.DisplayName, copy.DisplayName);
        Assert.Equal(original.Traits["Category"], copy.Traits["Category"]);
        Assert.Equal(original.TestMethodArguments, copy.TestMethodArguments);
    }

    [Fact]
    public async Task Passing_scenarios_pass_and_really_run_their_steps()
    {
        var before = SampleSteps.CompletedChecks;

        foreach (var testCase in Cases.Where(c => c.DisplayName.StartsWith("Passing sample", StringComparison.Ordinal)))
        {
            await SampleFeatures.Run(testCase);
        }

        Assert.True(SampleSteps.CompletedChecks - before >= 4, "every passing scenario should have reached its Then step");
    }

    [Fact]
    public async Task A_failing_step_fails_the_test_with_the_step_text_and_file_line()
    {
        var error = await Assert.ThrowsAsync<ScenarioFailedException>(() => SampleFeatures.Run(Case("Failing sample: A step throws")));

        Assert.Contains("Step failed: Then the counter is 4", error.Message);
        Assert.Contains("at Samples/failing.feature:6", error.Message);
        Assert.IsType<Xunit.Sdk.EqualException>(error.InnerException);
    }

    [Fact]
    public async Task An_undefined_step_fails_with_a_step_skeleton_to_paste()
    {
        var error = await Assert.ThrowsAsync<ScenarioFailedException>(() => SampleFeatures.Run(Case("Undefined sample: A step has no binding")));

        Assert.Contains("Undefined step: When I multiply by 7", error.Message);
        Assert.Contains("at Samples/undefined.feature:5", error.Message);
        Assert.Contains("[When(\"I multiply by {int}\")]", error.Message);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(error.Message, @"\[When\("));
        Assert.Contains("When I add {int}", error.Message);
        Assert.Contains("public Task WhenIMultiplyBy(int number1) => throw new PendingStepException();", error.Message);
    }

    [Fact]
    public void The_dry_run_finds_an_undefined_step_without_running_anything_and_names_the_nearest_steps()
    {
        var library = Harness.Gherkin.Steps.StepLibrary.Of(typeof(SampleFeatures).Assembly);

        var result = Harness.Gherkin.Steps.StepCheck.Run(library, AppContext.BaseDirectory, ["Samples/undefined.feature", "Samples/passing.feature"]);

        var finding = Assert.Single(result.Findings);
        Assert.False(result.Passed);
        Assert.Equal(("Samples/undefined.feature", 5, "I multiply by 7"), (finding.Feature, finding.Line, finding.Text));
        Assert.Equal("I add {int}", finding.Nearest[0].Readable);
    }

    [Fact]
    public void The_dry_run_passes_features_whose_steps_all_bind()
    {
        var library = Harness.Gherkin.Steps.StepLibrary.Of(typeof(SampleFeatures).Assembly);

        var bound = Harness.Gherkin.Steps.StepCheck.Run(library, AppContext.BaseDirectory, ["Samples/passing.feature", "Samples/failing.feature"]);

        Assert.True(bound.Passed);
        Assert.True(bound.Steps > 0);
    }

    [Fact]
    public async Task A_pending_step_fails_the_test()
    {
        var error = await Assert.ThrowsAsync<ScenarioFailedException>(() => SampleFeatures.Run(Case("Pending sample: A step is still pending")));

        Assert.Contains("Pending step: When I do something not written yet", error.Message);
        Assert.Contains("at Samples/pending.feature:5", error.Message);
    }

    [Fact]
    public async Task A_feature_with_a_syntax_error_is_a_failing_test_that_names_the_line()
    {
        var error = await Assert.ThrowsAsync<ScenarioFailedException>(() => SampleFeatures.Run(Case("Samples/nested/broken.feature: syntax error")));

        Assert.Contains("Samples/nested/broken.feature:5", error.Message);
    }
}

/// <summary>Features are run longest first, by the times of the previous run.</summary>
public sealed class OrderingTests
{
    [Fact]
    public void Features_never_timed_run_first_then_the_longest_last_time()
    {
        var collections = SampleFeatures.Discover().Select(c => c.TestMethod.TestClass.TestCollection)
            .DistinctBy(c => c.DisplayName).ToList();
        var names = collections.Select(c => c.DisplayName).ToList();
        var timed = names.Skip(1).Select((name, i) => (name, seconds: (double)(i + 1))).ToDictionary(t => t.name, t => t.seconds);

        var order = new Hosting.LongestFirst(new DefaultTestCollectionOrderer(), timed)
            .OrderTestCollections(collections).Select(c => c.DisplayName).ToList();

        Assert.True(collections.Count >= 3, $"the samples have {collections.Count} features");
        Assert.Equal([names[0], .. timed.OrderByDescending(t => t.Value).Select(t => t.Key)], order);
    }
}
