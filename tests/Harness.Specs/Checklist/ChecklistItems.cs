using System.Text.RegularExpressions;

namespace Harness.Specs.Checklist;

/// <summary>One item of the checklist as docs/checklist.md words it; <see cref="Pending"/> says what it waits for, if it cannot be proven yet.</summary>
public sealed record ChecklistItem(string Id, string Words, string? Pending);

/// <summary>The checklist's items, read from docs/checklist.md (copied next to the tests): one table row per item.</summary>
public static partial class ChecklistItems
{
    public static IReadOnlyList<ChecklistItem> Load(string path) =>
        File.ReadLines(path)
            .Select(line => Row().Match(line))
            .Where(m => m.Success)
            .Select(m => new ChecklistItem(m.Groups["id"].Value, m.Groups["words"].Value.Trim(), m.Groups["pending"].Success && m.Groups["pending"].Value.Trim().Length > 0 ? m.Groups["pending"].Value.Trim() : null))
            .ToList();

    /// <summary>Tags that name checklist items (TEST-01, PROD-10, INFRA-3, STEP-6).</summary>
    public static bool IsItemTag(string tag) => ItemTag().IsMatch(tag);

    [GeneratedRegex(@"^\|\s*(?<id>(?:INFRA|TEST|PROD|STEP)-\d+)\s*\|(?<words>[^|]+)\|(?:(?<pending>[^|]*)\|)?\s*$")]
    private static partial Regex Row();

    [GeneratedRegex(@"^(INFRA|TEST|PROD|STEP)-\d+$")]
    private static partial Regex ItemTag();
}
