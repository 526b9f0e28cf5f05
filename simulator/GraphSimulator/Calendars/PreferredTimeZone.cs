namespace GraphSimulator.Calendars;

/// <summary>
/// Prefer: outlook.timezone="…" (a Windows or IANA name): Graph then writes start and end in that zone and says
/// so in Preference-Applied. Without it, or with a zone it does not know, times are in UTC.
/// </summary>
public sealed record PreferredTimeZone(string Name, TimeZoneInfo Zone)
{
    private const string Preference = "outlook.timezone";

    public static PreferredTimeZone? Of(HttpContext context)
    {
        foreach (var header in context.Request.Headers["Prefer"])
        {
            foreach (var part in (header ?? "").Split(',', StringSplitOptions.TrimEntries))
            {
                if (!part.StartsWith(Preference + "=", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var name = part[(Preference.Length + 1)..].Trim('"');
                if (!TimeZoneInfo.TryFindSystemTimeZoneById(name, out var zone))
                {
                    return null;
                }

                context.Response.Headers.Append("Preference-Applied", $"{Preference}=\"{name}\"");
                return new PreferredTimeZone(name, zone);
            }
        }

        return null;
    }

    public DateTime Local(DateTimeOffset time) => TimeZoneInfo.ConvertTime(time, Zone).DateTime;
}
