using System.Collections.Concurrent;
using Gherkin;
using Gherkin.CucumberMessages;
using Gherkin.CucumberMessages.Pickles;
using Io.Cucumber.Messages.Types;

namespace Harness.Gherkin.Discovery;

/// <summary>Parses .feature files once per process and hands out their compiled scenarios.</summary>
public static class FeatureCatalog
{
    private static readonly ConcurrentDictionary<string, Lazy<FeatureDocument>> Cache = new(StringComparer.Ordinal);

    /// <summary>Every .feature file below <paramref name="root"/>, as paths relative to it with '/' separators.</summary>
    public static IReadOnlyList<string> FindFeatureFiles(string root) =>
        Directory.Exists(root)
            ? Directory.EnumerateFiles(root, "*.feature", SearchOption.AllDirectories)
                .Select(path => Path.GetRelativePath(root, path).Replace('\\', '/'))
                .Order(StringComparer.Ordinal)
                .ToList()
            : [];

    /// <summary>Loads a feature; a file that does not parse yields a document whose <see cref="FeatureDocument.ParseError"/> says why.</summary>
    public static FeatureDocument Load(string root, string relativePath)
    {
        var fullPath = Path.GetFullPath(Path.Combine(root, relativePath));
        return Cache.GetOrAdd(fullPath, path => new Lazy<FeatureDocument>(() => Parse(path, relativePath))).Value;
    }

    private static FeatureDocument Parse(string fullPath, string relativePath)
    {
        var displayPath = relativePath;
        var text = File.ReadAllText(fullPath);
        try
        {
            var ast = new Parser().Parse(new StringReader(text));
            // Ids must be unique across every feature of a run: Reqnroll's reports key scenarios and steps by them.
            var ids = new GuidIdGenerator();
            var document = new AstMessagesConverter(ids).ConvertGherkinDocumentToEventArgs(ast, displayPath);
            var pickles = new PickleCompiler(ids).Compile(document);
            return FeatureDocument.FromParsed(displayPath, text, document, pickles);
        }
        catch (CompositeParserException ex)
        {
            var detail = string.Join(Environment.NewLine, ex.Errors.Select(e => $"  {displayPath}:{e.Location?.Line}: {e.Message}"));
            return FeatureDocument.FromError(displayPath, $"{displayPath} does not parse:{Environment.NewLine}{detail}");
        }
        catch (ParserException ex)
        {
            var line = ex.Location?.Line ?? 0;
            return FeatureDocument.FromError(displayPath, $"{displayPath} does not parse:{Environment.NewLine}  {displayPath}:{line}: {ex.Message}");
        }
    }
}
