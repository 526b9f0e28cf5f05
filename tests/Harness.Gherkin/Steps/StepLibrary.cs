using System.Reflection;
using System.Text.RegularExpressions;
using Harness.Gherkin.Discovery;
using Reqnroll;
using Reqnroll.Bindings;
using Reqnroll.Bindings.Reflection;

namespace Harness.Gherkin.Steps;

/// <summary>One step binding as Reqnroll compiled it: its kind, its expression, the regex Reqnroll matches with, its method.</summary>
public sealed record StepBinding(StepDefinitionType Kind, string Expression, Regex Regex, MethodInfo Method)
{
    public string Text => $"{Kind} {Expression}";

    /// <summary>The expression as a reader sees a step: parameters as placeholders, escapes removed.</summary>
    public string Readable => Regex.Replace(Expression, @"\\(.)", "$1");

    public bool Matches(string stepText) => Regex.IsMatch(stepText);

    /// <summary>Whether a scenario step (its resolved kind: And/But take the kind before them) runs this binding.</summary>
    public bool Matches(StepKind kind, string stepText) => Kind == KindOf(kind) && Matches(stepText);

    public static StepDefinitionType KindOf(StepKind kind) => kind switch
    {
        StepKind.Given => StepDefinitionType.Given,
        StepKind.When => StepDefinitionType.When,
        _ => StepDefinitionType.Then,
    };
}

/// <summary>
/// The step bindings of a test assembly, read from Reqnroll's own binding registry (so the dry run matches exactly
/// as a run does) without starting a test run: no hook runs, no report is written.
/// </summary>
public static class StepLibrary
{
    public static IReadOnlyList<StepBinding> Of(Assembly testAssembly)
    {
        var runner = TestRunnerManager.GetTestRunnerForAssembly(testAssembly);
        try
        {
            var registry = runner.TestThreadContext.TestThreadContainer.Resolve<IBindingRegistry>();
            var invalid = registry.GetStepDefinitions().Where(b => !b.IsValid).Select(b => $"{b.SourceExpression}: {b.ErrorMessage}").ToList();
            if (invalid.Count > 0)
            {
                throw new InvalidOperationException("Step bindings Reqnroll cannot compile:" + Environment.NewLine + string.Join(Environment.NewLine, invalid));
            }

            return registry.GetStepDefinitions()
                .Select(b => new StepBinding(b.StepDefinitionType, b.SourceExpression, b.Regex, ((RuntimeBindingMethod)b.Method).MethodInfo))
                .OrderBy(b => b.Method.DeclaringType!.Name, StringComparer.Ordinal)
                .ThenBy(b => b.Kind)
                .ThenBy(b => b.Expression, StringComparer.Ordinal)
                .ToList();
        }
        finally
        {
            TestRunnerManager.ReleaseTestRunner(runner);
        }
    }
}
