using System.Globalization;
using System.Text;
using Harness.Gherkin.Discovery;

namespace Harness.Gherkin.Steps;

/// <summary>A binding for a step nobody wrote yet, in this project's shape: a Task-returning method on a [Binding] class that takes the scenario's world.</summary>
public static class StepSkeleton
{
    public static string For(StepKind kind, string text, bool hasTable, bool hasDocString)
    {
        var expression = StepText.Expression(text);
        var parameters = new List<string>();
        var (texts, numbers) = (0, 0);
        foreach (var word in StepText.Shape(text))
        {
            if (word == "{string}")
            {
                parameters.Add($"string text{++texts}");
            }
            else if (word == "{int}")
            {
                parameters.Add($"int number{++numbers}");
            }
        }

        if (hasTable)
        {
            parameters.Add("Table table");
        }
        else if (hasDocString)
        {
            parameters.Add("string text");
        }

        var name = new StringBuilder(kind.ToString());
        foreach (var word in StepText.Shape(text).Where(w => !w.StartsWith('{')).Take(8))
        {
            var letters = new string(word.Where(char.IsLetterOrDigit).ToArray());
            if (letters.Length > 0)
            {
                name.Append(char.ToUpper(letters[0], CultureInfo.InvariantCulture)).Append(letters[1..]);
            }
        }

        return $$"""
                // In the Steps/ class of its area ([Binding] public sealed class ...Steps(ScenarioWorld world)):
                /// <summary>What it does, what it sets up implicitly, and what it waits for.</summary>
                [{{kind}}("{{expression.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}}")]
                public Task {{name}}({{string.Join(", ", parameters)}}) => throw new PendingStepException();
            """;
    }
}
