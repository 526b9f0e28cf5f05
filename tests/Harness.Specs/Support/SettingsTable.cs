using Reqnroll;

namespace Harness.Specs.Support;

/// <summary>
/// A two-column table of settings ("| field | value |"). Reqnroll reads a table's first row as its header,
/// so that row is a setting too. Field names are compared in lower case; an unknown one is refused by name.
/// </summary>
public static class SettingsTable
{
    /// <summary>The inbound behaviour fields, shared by the admin-API and the screen steps.</summary>
    public static readonly string[] InboundFields = ["created status", "private title", "sync window days", "conflicts allowed"];

    public static IReadOnlyList<(string Field, string Value)> Read(Table table, string what, params string[] known)
    {
        var rows = new[] { table.Header.ToArray() }.Concat(table.Rows.Select(r => r.Values.ToArray()))
            .Select(r => (Field: r[0].Trim().ToLowerInvariant(), Value: r.ElementAtOrDefault(1)?.Trim() ?? ""))
            .ToList();
        var unknown = rows.Select(r => r.Field).Except(known).ToList();
        return unknown.Count == 0
            ? rows
            : throw new ArgumentException($"Unknown {what}: {string.Join(", ", unknown)}. Known: {string.Join(", ", known)}.");
    }
}
