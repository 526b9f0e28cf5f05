using System.Collections.Concurrent;
using System.Collections.Specialized;
using System.Globalization;
using System.Reflection;
using Harness.Gherkin.Discovery;
using Harness.Gherkin.Steps;
using Reqnroll;

namespace Harness.Gherkin.Execution;

/// <summary>Runs one scenario through Reqnroll's runtime, the way Reqnroll's generated test classes do.</summary>
public static class ScenarioExecutor
{
    // Reqnroll compares FeatureInfo by reference: exactly one instance per feature file.
    private static readonly ConcurrentDictionary<FeatureDocument, FeatureInfo> FeatureInfos = new();

    public static async Task RunAsync(Assembly testAssembly, string featurePath, string pickleIndex)
    {
        var root = AppContext.BaseDirectory;
        if (!File.Exists(Path.Combine(root, featurePath)))
        {
            throw new ScenarioFailedException($"No .feature file at {featurePath} in {root}. Are the features copied to the test output?");
        }

        var feature = FeatureCatalog.Load(root, featurePath);
        if (feature.ParseError is not null)
        {
            throw new ScenarioFailedException(feature.ParseError);
        }

        var scenario = feature.Scenario(pickleIndex);
        var featureInfo = FeatureInfos.GetOrAdd(feature, CreateFeatureInfo);
        var runner = TestRunnerManager.GetTestRunnerForAssembly(testAssembly, featureHint: featureInfo);
        try
        {
            await StartFeatureAsync(runner, featureInfo);
            await RunStepsAsync(testAssembly, runner, feature, scenario, featureInfo);
        }
        finally
        {
            try
            {
                await runner.OnScenarioEndAsync();
            }
            finally
            {
                TestRunnerManager.ReleaseTestRunner(runner);
            }
        }
    }

    /// <summary>Ends every feature still open and the test run, so Reqnroll flushes its reports.</summary>
    public static async Task EndTestRunAsync(Assembly testAssembly)
    {
        foreach (var info in FeatureInfos.Values)
        {
            await TestRunnerManager.ReleaseFeatureAsync(info, testAssembly);
        }

        await TestRunnerManager.OnTestRunEndAsync(testAssembly);
    }

    private static async Task StartFeatureAsync(ITestRunner runner, FeatureInfo featureInfo)
    {
        try
        {
            if (runner.FeatureContext is not null && !ReferenceEquals(runner.FeatureContext.FeatureInfo, featureInfo))
            {
                await runner.OnFeatureEndAsync();
            }
        }
        finally
        {
            if (runner.FeatureContext?.BeforeFeatureHookFailed == true)
            {
                throw new ScenarioFailedException("Scenario skipped: a [BeforeFeature] hook of this feature failed.", runner.FeatureContext.BeforeFeatureHookError);
            }

            if (runner.FeatureContext is null)
            {
                await runner.OnFeatureStartAsync(featureInfo);
            }
        }
    }

    private static async Task RunStepsAsync(Assembly testAssembly, ITestRunner runner, FeatureDocument feature, ScenarioDefinition scenario, FeatureInfo featureInfo)
    {
        var arguments = new OrderedDictionary();
        foreach (var (name, value) in scenario.Arguments)
        {
            arguments[name] = value;
        }

        var info = new ScenarioInfo(scenario.Title, scenario.Description, scenario.OwnTags, arguments, featureInfo.Tags, scenario.PickleIndex);
        runner.OnScenarioInitialize(info, scenario.Rule);
        await runner.OnScenarioStartAsync();

        StepDefinitionCall? firstBadStep = null;
        foreach (var step in scenario.Steps)
        {
            var call = step.Kind switch
            {
                StepKind.When => runner.WhenAsync(step.Text, step.DocString, step.Table, step.Keyword),
                StepKind.Then => runner.ThenAsync(step.Text, step.DocString, step.Table, step.Keyword),
                _ => runner.GivenAsync(step.Text, step.DocString, step.Table, step.Keyword),
            };
            await call;
            if (firstBadStep is null && runner.ScenarioContext.ScenarioExecutionStatus != ScenarioExecutionStatus.OK)
            {
                firstBadStep = step;
            }
        }

        var status = runner.ScenarioContext.ScenarioExecutionStatus;
        Exception? error = null;
        try
        {
            await runner.CollectScenarioErrorsAsync();
        }
        catch (Exception ex)
        {
            error = ex;
        }

        if (error is null && status == ScenarioExecutionStatus.OK)
        {
            return;
        }

        if (status == ScenarioExecutionStatus.UndefinedStep && firstBadStep is not null)
        {
            // Reqnroll's own skeleton would come twice (message and inner exception) and not in this project's shape.
            throw new ScenarioFailedException(DescribeUndefined(feature, firstBadStep, StepLibrary.Of(testAssembly)));
        }

        throw new ScenarioFailedException(Describe(feature, scenario, firstBadStep, status, error), error);
    }

    private static string DescribeUndefined(FeatureDocument feature, StepDefinitionCall step, IReadOnlyList<StepBinding> library)
    {
        var nearest = StepCheck.Nearest(library, step.Kind, step.Text);
        return $"Undefined step: {step.Keyword.Trim()} {step.Text}{Environment.NewLine}  at {feature.Path}:{step.Line}{Environment.NewLine}"
            + (nearest.Count == 0 ? "" : "  nearest existing steps:" + Environment.NewLine + string.Join(Environment.NewLine, nearest.Select(n => $"    {n.Kind} {n.Readable}")) + Environment.NewLine)
            + "  a binding to start from:" + Environment.NewLine
            + StepSkeleton.For(step.Kind, step.Text, step.Table is not null, step.DocString is not null);
    }

    private static string Describe(FeatureDocument feature, ScenarioDefinition scenario, StepDefinitionCall? step, ScenarioExecutionStatus status, Exception? error)
    {
        var where = step is null ? $"{feature.Path}:{scenario.Line}" : $"{feature.Path}:{step.Line}";
        var what = status switch
        {
            ScenarioExecutionStatus.UndefinedStep => "Undefined step",
            ScenarioExecutionStatus.StepDefinitionPending => "Pending step",
            ScenarioExecutionStatus.BindingError => "Step binding error",
            _ => "Step failed",
        };
        var stepText = step is null ? scenario.DisplayName : $"{step.Keyword.Trim()} {step.Text}";
        var cause = error?.Message ?? $"Scenario ended with status {status}.";
        return $"{what}: {stepText}{Environment.NewLine}  at {where}{Environment.NewLine}{cause}";
    }

    private static FeatureInfo CreateFeatureInfo(FeatureDocument feature) =>
        new(
            CultureInfo.GetCultureInfo("en-US"),
            Path.GetDirectoryName(feature.Path)?.Replace('\\', '/') ?? "",
            feature.Title,
            feature.Description,
            ProgrammingLanguage.CSharp,
            feature.Tags,
            new FeatureMessages(feature));
}
