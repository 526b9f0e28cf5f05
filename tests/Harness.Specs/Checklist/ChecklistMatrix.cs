using System.Text;
using System.Text.Json;
using System.Xml.Linq;

namespace Harness.Specs.Checklist;

/// <summary>One row of the matrix: an item, its scenarios, and whether a good path and a failure path passed.</summary>
public sealed record MatrixRow(string Id, string Words, string? Pending, IReadOnlyList<ScenarioResult> Scenarios)
{
    public string GoodPath => PathOutcome(Scenarios.Where(s => !s.IsFailurePath));

    public string FailurePath => PathOutcome(Scenarios.Where(s => s.IsFailurePath));

    /// <summary>
    /// pending: waits for something not built yet (whatever its scenarios show so far); proven: both paths
    /// passed; failed or missing otherwise.
    /// </summary>
    public string Status =>
        Pending is not null ? "pending"
        : GoodPath == "passed" && FailurePath == "passed" ? "proven"
        : Scenarios.Any(s => !s.Passed) ? "failed"
        : "missing";

    public bool BlocksRelease => Status is "failed" or "missing";

    /// <summary>What is wrong with this item, in a sentence.</summary>
    public string Why => Status switch
    {
        "proven" => "",
        "pending" => $"pending: waits for {Pending}" + (GoodPath == "passed" && FailurePath == "passed" ? " (what can be proven without it passed both ways)" : ""),
        _ => string.Join("; ", new[] { Explain("good path", GoodPath), Explain("failure path (@misconfiguration)", FailurePath) }.Where(e => e.Length > 0)),
    };

    private static string Explain(string path, string outcome) => outcome switch
    {
        "passed" => "",
        "none" => $"no {path} scenario",
        _ => $"the {path} scenario failed",
    };

    private static string PathOutcome(IEnumerable<ScenarioResult> scenarios)
    {
        var list = scenarios.ToList();
        return list.Count == 0 ? "none" : list.Any(s => s.Passed) && list.All(s => s.Passed) ? "passed" : list.Any(s => s.Passed) ? "partly failed" : "failed";
    }
}

/// <summary>
/// The checklist matrix of a run: one row per item of docs/checklist.md, written as Markdown (a CI job
/// summary), JSON, JUnit XML (one test case per item, what CI systems display) and a compact text table.
/// </summary>
public sealed class ChecklistMatrix(IReadOnlyList<MatrixRow> rows, bool partial)
{
    public IReadOnlyList<MatrixRow> Rows => rows;

    public static ChecklistMatrix Build(IReadOnlyList<ChecklistItem> items, IReadOnlyList<ScenarioResult> results, bool partial) =>
        new(items.Select(item => new MatrixRow(item.Id, item.Words, item.Pending,
                results.Where(r => r.Tags.Contains(item.Id, StringComparer.Ordinal)).OrderBy(r => r.Name, StringComparer.Ordinal).ToList())).ToList(),
            partial);

    public IReadOnlyList<MatrixRow> Blocking => rows.Where(r => r.BlocksRelease).ToList();

    public void WriteTo(string folder)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "checklist-matrix.md"), Markdown());
        File.WriteAllText(Path.Combine(folder, "checklist-matrix.json"), Json());
        File.WriteAllText(Path.Combine(folder, "checklist-junit.xml"), JUnit());
        File.WriteAllText(Path.Combine(folder, "checklist-matrix.txt"), Compact());
        File.WriteAllText(Path.Combine(folder, "checklist-gate.txt"), Gate());
    }

    public string Gate() =>
        Blocking.Count == 0
            ? $"PASS: every item has a passing good path and a passing failure path ({rows.Count(r => r.Status == "pending")} pending).\n"
            : $"FAIL: {string.Join(", ", Blocking.Select(r => r.Id))}\n" + string.Concat(Blocking.Select(r => $"  {r.Id}: {r.Why}\n"));

    public string Markdown()
    {
        var md = new StringBuilder($"## Checklist{(partial ? " (partial run: only the scenarios a filter selected)" : "")}\n\n");
        md.Append($"{rows.Count(r => r.Status == "proven")} of {rows.Count} items proven both ways; ")
          .Append($"{rows.Count(r => r.Status == "pending")} pending; {Blocking.Count} blocking.\n\n")
          .Append("| item | | good path | failure path | scenarios | checklist words |\n| --- | --- | --- | --- | --- | --- |\n");
        foreach (var row in rows)
        {
            var scenarios = row.Scenarios.Count == 0 ? "—" : string.Join("<br>", row.Scenarios.Select(s => $"{(s.Passed ? "✅" : "❌")} {Escape(s.Scenario)}{(s.IsFailurePath ? " *(misconfiguration)*" : "")}"));
            md.Append($"| {row.Id} | {Icon(row.Status)} | {row.GoodPath} | {row.FailurePath} | {scenarios} | {Escape(row.Words)}{(row.Why.Length > 0 ? $" **{Escape(row.Why)}**" : "")} |\n");
        }

        return md.ToString();
    }

    public string Json() => JsonSerializer.Serialize(new
    {
        partial,
        proven = rows.Count(r => r.Status == "proven"),
        blocking = Blocking.Select(r => r.Id),
        items = rows.Select(r => new
        {
            id = r.Id,
            words = r.Words,
            status = r.Status,
            goodPath = r.GoodPath,
            failurePath = r.FailurePath,
            why = r.Why,
            scenarios = r.Scenarios.Select(s => new { name = s.Name, passed = s.Passed, failurePath = s.IsFailurePath, error = s.Error, seconds = Math.Round(s.Duration.TotalSeconds, 1) }),
        }),
    }, new JsonSerializerOptions { WriteIndented = true });

    public string JUnit()
    {
        var cases = rows.Select(r =>
        {
            var testCase = new XElement("testcase", new XAttribute("classname", "checklist"), new XAttribute("name", $"{r.Id} {r.Words}"),
                new XAttribute("time", r.Scenarios.Sum(s => s.Duration.TotalSeconds).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)));
            if (r.Status == "pending")
            {
                testCase.Add(new XElement("skipped", new XAttribute("message", r.Why)));
            }
            else if (r.BlocksRelease)
            {
                testCase.Add(new XElement("failure", new XAttribute("message", r.Why),
                    string.Join("\n", r.Scenarios.Where(s => !s.Passed).Select(s => $"{s.Name}: {s.Error}"))));
            }

            testCase.Add(new XElement("system-out", string.Join("\n", r.Scenarios.Select(s => $"{(s.Passed ? "passed" : "failed")} {s.Name}"))));
            return testCase;
        });
        var suite = new XElement("testsuite", new XAttribute("name", "checklist"), new XAttribute("tests", rows.Count),
            new XAttribute("failures", Blocking.Count), new XAttribute("skipped", rows.Count(r => r.Status == "pending")), cases);
        return new XDocument(new XElement("testsuites", suite)).ToString();
    }

    /// <summary>Ten items a line: what ./harness test prints at the end.</summary>
    public string Compact()
    {
        var text = new StringBuilder();
        foreach (var line in rows.Chunk(6))
        {
            text.Append(string.Join("  ", line.Select(r => $"{r.Id,-8} {Icon(r.Status)}"))).Append('\n');
        }

        text.Append($"{rows.Count(r => r.Status == "proven")} proven, {rows.Count(r => r.Status == "pending")} pending, {Blocking.Count} blocking");
        foreach (var row in Blocking.Concat(rows.Where(r => r.Status == "pending")))
        {
            text.Append($"\n  {row.Id}: {row.Why}");
        }

        return text.Append('\n').ToString();
    }

    private static string Icon(string status) => status switch
    {
        "proven" => "✅",
        "pending" => "⏳",
        "failed" => "❌",
        _ => "⬜",
    };

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
