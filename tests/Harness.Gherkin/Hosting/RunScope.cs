using System.Reflection;
using System.Text.Json;
using Harness.Gherkin.Discovery;

namespace Harness.Gherkin.Hosting;

/// <summary>How many scenarios this run executes out of how many the feature files hold, and their tags (without '@').</summary>
public sealed record RunScope(int Planned, int Discovered, IReadOnlySet<string> Tags)
{
    public static RunScope Current { get; internal set; } = new(0, 0, new HashSet<string>());

    /// <summary>A filter left some scenarios out: reports of this run must not replace a full run's.</summary>
    public bool IsPartial => Planned < Discovered;

    internal static RunScope Of(Assembly testAssembly, IReadOnlyCollection<ScenarioTestCase> planned)
    {
        var folders = testAssembly.GetTypes()
            .SelectMany(t => t.GetMethods())
            .Select(m => m.GetCustomAttribute<FeatureFilesAttribute>()?.Folder)
            .OfType<string>()
            .Distinct();
        var discovered = folders.Sum(folder => FeatureCatalog.FindFeatureFiles(Path.Combine(AppContext.BaseDirectory, folder))
            .Select(file => FeatureCatalog.Load(AppContext.BaseDirectory, $"{folder}/{file}"))
            .Sum(feature => feature.ParseError is null ? feature.Scenarios.Count : 1));
        return new RunScope(planned.Count, discovered, planned.SelectMany(t => t.Tags).Select(t => t.TrimStart('@')).ToHashSet(StringComparer.OrdinalIgnoreCase));
    }
}

/// <summary>Where Reqnroll's formatters write: reqnroll.json's paths, or for a partial run the same names in a "partial" folder beside them.</summary>
public static class ReportLocations
{
    private static readonly string[] Formatters = ["html", "message"];

    internal static void RedirectToPartialFolder()
    {
        var config = Path.Combine(AppContext.BaseDirectory, "reqnroll.json");
        if (!File.Exists(config))
        {
            return;
        }

        using var json = JsonDocument.Parse(File.ReadAllText(config));
        if (!json.RootElement.TryGetProperty("formatters", out var formatters))
        {
            return;
        }

        foreach (var name in Formatters)
        {
            if (formatters.TryGetProperty(name, out var formatter) && formatter.TryGetProperty("outputFilePath", out var path) && path.GetString() is { } file)
            {
                // Reqnroll reads REQNROLL_FORMATTERS_<NAME> over reqnroll.json.
                var partial = Path.Combine(Path.GetDirectoryName(file) ?? "", "partial", Path.GetFileName(file));
                Environment.SetEnvironmentVariable($"REQNROLL_FORMATTERS_{name.ToUpperInvariant()}", $"outputFilePath={partial}");
            }
        }
    }
}
