namespace OutlookSync.Diagnostics;

/// <summary>
/// Values from anonymous callers (webhook bodies, query strings) as they may go into a log line: control
/// characters escaped (no forged log lines from a CR/LF) and cut to a length a log can bear.
/// </summary>
public static class LogValue
{
    public static string Safe(string? value, int maxLength = 80)
    {
        if (value is null)
        {
            return "(none)";
        }

        var builder = new System.Text.StringBuilder(Math.Min(value.Length, maxLength) + 8);
        foreach (var c in value)
        {
            if (builder.Length >= maxLength)
            {
                builder.Append('…');
                break;
            }

            builder.Append(char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString());
        }

        return builder.ToString();
    }
}
