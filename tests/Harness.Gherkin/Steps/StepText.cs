using System.Text.RegularExpressions;

namespace Harness.Gherkin.Steps;

/// <summary>Step wording compared word by word, with quoted text and numbers standing for the parameters they fill.</summary>
public static partial class StepText
{
    /// <summary>The words of a step or an expression, parameters as {string}, {int}, {word}.</summary>
    public static string[] Shape(string text)
    {
        var shaped = Number().Replace(Quoted().Replace(text, "{string}"), "{int}");
        return Words().Matches(shaped.ToLowerInvariant()).Select(m => m.Value).ToArray();
    }

    /// <summary>Edit distance over words: how many words to add, drop or change to turn one into the other.</summary>
    public static int Distance(string[] a, string[] b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var same = a[i - 1] == b[j - 1] || (b[j - 1] == "{word}" && !a[i - 1].StartsWith('{'));
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (same ? 0 : 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }

    /// <summary>A Cucumber expression for a step nobody wrote yet: quoted text becomes {string}, whole numbers {int}.</summary>
    public static string Expression(string text) =>
        Number().Replace(Quoted().Replace(text.Replace("(", "\\(", StringComparison.Ordinal).Replace("/", "\\/", StringComparison.Ordinal), "{string}"), "{int}");

    [GeneratedRegex("\"[^\"]*\"")]
    private static partial Regex Quoted();

    [GeneratedRegex(@"(?<![\w{])-?\d+(?![\w}])")]
    private static partial Regex Number();

    [GeneratedRegex(@"\{\w*\}|[\w'.@-]+")]
    private static partial Regex Words();
}
