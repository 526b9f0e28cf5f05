using System.Globalization;
using System.Text.Json;
using Harness.Gherkin.Steps;
using Harness.Specs.Support;
using Harness.Testing.Waiting;
using Microsoft.Extensions.Logging;
using Reqnroll;

namespace Harness.Specs.Steps;

/// <summary>
/// What an operator reads in the status (GET /api/admin/status, the diagnostics screen) and in the service's log:
/// each calendar's last sync, last notification, problem and subscription; the jobs set aside as dead letters;
/// errors logged. Every check polls, then says what it read.
/// </summary>
[Binding]
public sealed class StatusSteps(ScenarioWorld world)
{
    private static readonly System.Text.RegularExpressions.Regex Within = new(@"^within (\d+) minutes?$");

    private static readonly string[] CalendarFields = ["last sync", "last notification", "problem", "subscription"];

    /// <summary>
    /// Rows (each optional): `last sync` never | after the last notification | within N minutes; `last notification`
    /// never | within N minutes; `problem` none | words it contains; `subscription` active | expired | none.
    /// "Within N minutes" is simulated time before the status's now.
    /// </summary>
    [Then("the status of the calendar {string} shows:")]
    public Task ThenCalendarStatus(string room, Table fields)
    {
        var expected = SettingsTable.Read(fields, "calendar status fields", CalendarFields);
        var mailbox = room == "me" ? "me" : ScenarioWorld.Mailbox(room);
        return Eventually.UntilMatchesAsync(
            async () =>
            {
                var status = await world.StatusAsync();
                var now = status.GetProperty("now").GetDateTimeOffset();
                if (status.GetProperty("calendars").EnumerateArray().FirstOrDefault(c => c.GetProperty("mailbox").GetString() == mailbox) is not { ValueKind: JsonValueKind.Object } calendar)
                {
                    return "no calendar " + mailbox + " in the status";
                }

                var read = Read(calendar);
                return expected.All(e => Holds(e.Field, e.Value, read, now)) ? null : $"{mailbox}: " + string.Join("; ", read.Select(r => $"{r.Key} {Describe(r.Value, now)}"));
            },
            $"the status of {mailbox} to show " + string.Join("; ", expected.Select(e => $"{e.Field} {e.Value}")));
    }

    /// <summary>Jobs that failed RabbitMq:DeliveryLimit times (5 by default) wait in "{queue}.dead" for an operator; the status counts them.</summary>
    [Then("{int} job(s) on {string} is/are set aside as dead letter(s)")]
    public Task ThenDeadLetters(int count, string queue) =>
        Eventually.UntilMatchesAsync(
            async () =>
            {
                var queues = (await world.StatusAsync()).GetProperty("queues").EnumerateArray().ToList();
                var dead = queues.FirstOrDefault(q => q.GetProperty("name").GetString() == queue);
                return dead.ValueKind == JsonValueKind.Object && dead.GetProperty("deadLetters") is { ValueKind: JsonValueKind.Number } n && n.GetInt64() == count
                    ? null
                    : string.Join(", ", queues.Select(q => $"{q.GetProperty("name").GetString()}: {q.GetProperty("messages")} waiting, {q.GetProperty("deadLetters")} dead"));
            },
            $"{count} dead letter(s) on {queue}",
            TimeSpan.FromSeconds(60));

    /// <summary>The SMTP server for "e-mail on problems" stops: connections to it are refused from now on.</summary>
    [Given("the mail server is down")]
    public void GivenMailServerDown() =>
        (world.Mail ?? throw new InvalidOperationException("The mail server starts with the service: put this step after 'Given the sync service is running'.")).Stop();

    /// <summary>An error-level line (or worse) in any node's log containing these words; polls, then lists the warnings and errors it saw.</summary>
    [Then("the service logged an error saying {string}")]
    public Task ThenLoggedError(string words) =>
        Eventually.UntilMatchesAsync(
            () =>
            {
                var lines = world.ServiceNodes.SelectMany(n => n.Logs.Lines).Where(l => l.Level >= LogLevel.Warning).ToList();
                return Task.FromResult(lines.Any(l => l.Level >= LogLevel.Error && l.Message.Contains(words, StringComparison.Ordinal))
                    ? null
                    : lines.Count == 0 ? "no warning or error at all" : string.Join(" | ", lines.TakeLast(8).Select(l => $"{l.Level}: {l.Message}")));
            },
            $"an error saying \"{words}\" in the service's log");

    private static Dictionary<string, JsonElement> Read(JsonElement calendar) => new(StringComparer.Ordinal)
    {
        ["last sync"] = calendar.GetProperty("lastSyncAt"),
        ["last notification"] = calendar.GetProperty("lastNotificationAt"),
        ["problem"] = calendar.GetProperty("problem"),
        ["subscription"] = calendar.GetProperty("subscriptionId").ValueKind == JsonValueKind.Null
            ? JsonSerializer.SerializeToElement("none")
            : JsonSerializer.SerializeToElement(calendar.GetProperty("subscriptionExpired").GetBoolean() ? "expired" : "active"),
    };

    private static bool Holds(string field, string expected, Dictionary<string, JsonElement> read, DateTimeOffset now)
    {
        var value = read[field];
        return (field, expected) switch
        {
            (_, "never" or "none") when field != "subscription" => value.ValueKind == JsonValueKind.Null,
            ("problem", _) => value.ValueKind == JsonValueKind.String && value.GetString()!.Contains(expected, StringComparison.Ordinal),
            ("subscription", _) => value.GetString() == expected,
            ("last sync", "after the last notification") => value.ValueKind == JsonValueKind.String
                && read["last notification"] is { ValueKind: JsonValueKind.String } notified && value.GetDateTimeOffset() >= notified.GetDateTimeOffset(),
            (_, _) when Within.Match(expected) is { Success: true } within =>
                value.ValueKind == JsonValueKind.String
                && now - value.GetDateTimeOffset() <= TimeSpan.FromMinutes(int.Parse(within.Groups[1].Value, CultureInfo.InvariantCulture)),
            _ => throw new ArgumentException($"'{field}' cannot be '{expected}': see the step's rows in docs/steps.md."),
        };
    }

    private static string Describe(JsonElement value, DateTimeOffset now) => value.ValueKind switch
    {
        JsonValueKind.Null => "none",
        JsonValueKind.String when value.TryGetDateTimeOffset(out var at) => $"{(now - at).TotalMinutes:0.#} simulated minutes ago",
        _ => value.ToString(),
    };
}
