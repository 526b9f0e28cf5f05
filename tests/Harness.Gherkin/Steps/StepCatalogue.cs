using System.Reflection;
using System.Text;
using System.Xml.Linq;
using Harness.Gherkin.Discovery;
using Reqnroll;

namespace Harness.Gherkin.Steps;

/// <summary>
/// The step catalogue in Markdown, generated from the bindings: each step with its parameters, what it does
/// (the binding's XML summary), what it waits for (<see cref="StepWaitsAttribute"/>) and a real example taken
/// from the features (so an example always runs). A test compares it with the committed file.
/// </summary>
public static class StepCatalogue
{
    public static string Render(IReadOnlyList<StepBinding> library, string featuresRoot, Assembly stepAssembly)
    {
        var docs = XmlDocs.For(stepAssembly);
        var examples = Examples(library, featuresRoot);
        var text = new StringBuilder();
        text.AppendLine("# Step catalogue").AppendLine()
            .AppendLine("Generated from the step bindings (`tests/Harness.Specs/Steps/`) by `./harness steps`; a test fails when this")
            .AppendLine("file is out of date. `./harness check` binds every step of `features/` against it in seconds.").AppendLine()
            .AppendLine("Parameters: `{string}` is text in double quotes (`\"room.amsterdam\"`), `{int}` a whole number, `{word}`")
            .AppendLine("one word without spaces or quotes. Rooms and people are named by the part before `@` of their address in")
            .AppendLine("the demo tenant (`room.amsterdam`, `room.berlin`, `room.outside-policy`, `alex.wilber`, `booking.service`).")
            .AppendLine("`(s)` marks optional text (`1 booking`, `2 bookings`) and `a/b` either word. `And`/`But` take the keyword")
            .AppendLine("of the step before them. Times such as `\"10:00\"` are tomorrow, UTC, on the")
            .AppendLine("scenario's simulated clock. A Then step that reads the service's state polls it (up to 15 s of real")
            .AppendLine("time) unless it says otherwise; a step that does not wait is marked \"does not wait\" where it matters.")
            .AppendLine("Meetings booked in Outlook: the `Given` form is a precondition and waits until the service has synced the")
            .AppendLine("meeting; the `When` form waits only until Graph has posted its notifications (the sync is what the `Then` steps check).");
        foreach (var area in library.GroupBy(b => b.Method.DeclaringType!))
        {
            text.AppendLine().Append("## ").AppendLine(AreaName(area.Key)).AppendLine();
            if (docs.Summary(area.Key) is { Length: > 0 } about)
            {
                text.AppendLine(about).AppendLine();
            }

            text.AppendLine("| step | parameters | does | example |").AppendLine("| --- | --- | --- | --- |");
            // One row per binding method: its wordings (Given and When forms of one step, say) side by side.
            foreach (var method in area.GroupBy(b => b.Method))
            {
                var step = method.First();
                var waits = step.Method.GetCustomAttribute<StepWaitsAttribute>() is { } w ? $" **Waits** {w.What}." : "";
                var example = method.Select(b => examples.GetValueOrDefault(b)).FirstOrDefault(e => e is not null) is { } used ? $"`{Cell(used)}`" : "not used in a feature yet";
                text.Append("| ").Append(string.Join("<br>", method.Select(b => $"`{b.Kind} {Cell(b.Readable)}`"))).Append(" | ")
                    .Append(Cell(Parameters(step))).Append(" | ")
                    .Append(Cell(docs.Summary(step.Method) ?? "")).Append(waits).Append(" | ")
                    .Append(example).AppendLine(" |");
            }
        }

        return text.ToString();
    }

    private static string AreaName(Type type) => type.Name.EndsWith("Steps", StringComparison.Ordinal) ? type.Name[..^5] : type.Name;

    private static string Parameters(StepBinding step) =>
        string.Join(", ", step.Method.GetParameters().Select(p => p.ParameterType == typeof(Table) ? $"{p.Name}: a table" : $"{p.Name}: {TypeName(p.ParameterType)}"));

    private static string TypeName(Type type) => type == typeof(string) ? "text" : type == typeof(int) ? "whole number" : type.Name;

    private static string Cell(string value) => value.Replace("|", "\\|", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    /// <summary>For each binding, the first step of the features it matches (files in order, then lines).</summary>
    private static Dictionary<StepBinding, string> Examples(IReadOnlyList<StepBinding> library, string root)
    {
        var examples = new Dictionary<StepBinding, string>();
        foreach (var path in FeatureCatalog.FindFeatureFiles(root))
        {
            var feature = FeatureCatalog.Load(root, path);
            foreach (var step in feature.Scenarios.SelectMany(s => s.Steps))
            {
                foreach (var binding in library.Where(b => !examples.ContainsKey(b) && b.Matches(step.Kind, step.Text)))
                {
                    examples[binding] = $"{step.Kind} {step.Text}";
                }
            }
        }

        return examples;
    }

    /// <summary>The XML documentation file beside the assembly (GenerateDocumentationFile), read for summaries.</summary>
    private sealed class XmlDocs(Dictionary<string, string> summaries)
    {
        public static XmlDocs For(Assembly assembly)
        {
            var file = Path.ChangeExtension(assembly.Location, ".xml");
            if (!File.Exists(file))
            {
                return new XmlDocs([]);
            }

            var members = XDocument.Load(file).Descendants("member")
                .Where(m => m.Element("summary") is not null)
                .ToDictionary(m => (string)m.Attribute("name")!, m => Flatten(m.Element("summary")!), StringComparer.Ordinal);
            return new XmlDocs(members);
        }

        public string? Summary(Type type) => summaries.GetValueOrDefault("T:" + type.FullName);

        public string? Summary(MethodInfo method)
        {
            var parameters = method.GetParameters();
            var id = $"M:{method.DeclaringType!.FullName}.{method.Name}" + (parameters.Length == 0 ? "" : "(" + string.Join(",", parameters.Select(p => p.ParameterType.FullName)) + ")");
            return summaries.GetValueOrDefault(id);
        }

        /// <summary>The summary's text on one line; &lt;see cref&gt; becomes the name it points at.</summary>
        private static string Flatten(XElement summary) =>
            string.Join(" ", summary.Nodes().Select(n => n switch
            {
                XText t => t.Value,
                XElement { Name.LocalName: "see" } e => ((string?)e.Attribute("cref"))?.Split('.').Last() ?? e.Value,
                XElement e => e.Value,
                _ => "",
            }).SelectMany(s => s.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries)));
    }
}
