using System.Collections.Concurrent;
using System.Text.Json;
using Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Harness.Gherkin.Hosting;

/// <summary>
/// Runs the test collections (features) that took longest last time first, so a long one does not start near the
/// end and leave the other threads idle; collections never timed (a fresh clone, a new feature) go first, then
/// xUnit's own order. Each run's times are kept beside the test assembly for the next.
/// </summary>
public sealed class LongestFirst(ITestCollectionOrderer fallback, IReadOnlyDictionary<string, double>? previous = null) : ITestCollectionOrderer
{
    private static readonly string TimingsFile = Path.Combine(AppContext.BaseDirectory, "collection-timings.json");
    private static readonly ConcurrentDictionary<string, double> Measured = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _previous = previous is null ? Load() : new(previous, StringComparer.Ordinal);

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        fallback.OrderTestCollections(testCollections).OrderByDescending(c => _previous.GetValueOrDefault(c.DisplayName, double.MaxValue)).ToList();

    /// <summary>A test of the collection ran for so long (its own time, not the wait for a thread).</summary>
    public static void Ran(ITestCollection collection, decimal seconds) =>
        Measured.AddOrUpdate(collection.DisplayName, (double)seconds, (_, sum) => sum + (double)seconds);

    /// <summary>Keeps this run's times (and last run's for collections this run left out, as a filtered run does).</summary>
    public void Save()
    {
        foreach (var (name, seconds) in Measured)
        {
            _previous[name] = seconds;
        }

        try
        {
            File.WriteAllText(TimingsFile, JsonSerializer.Serialize(_previous));
        }
        catch (IOException)
        {
            // Only an ordering hint: a read-only output folder runs in xUnit's order next time.
        }
    }

    private static Dictionary<string, double> Load()
    {
        try
        {
            return File.Exists(TimingsFile) ? JsonSerializer.Deserialize<Dictionary<string, double>>(File.ReadAllText(TimingsFile)) ?? [] : [];
        }
        catch (Exception ex) when (ex is IOException or JsonException)
        {
            return [];
        }
    }
}
