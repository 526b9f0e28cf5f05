using Microsoft.EntityFrameworkCore;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace OutlookSync.Integrations;

public sealed class SmtpOptions
{
    public const string SectionName = "Smtp";

    /// <summary>Empty: problems are only shown in the status, no e-mail is sent.</summary>
    public string? Host { get; set; }

    public int Port { get; set; } = 25;

    public string From { get; set; } = "outlook-sync@localhost";

    /// <summary>Use STARTTLS when the server offers it.</summary>
    public bool StartTls { get; set; } = true;

    /// <summary>A mail server that accepts and then stalls must not hold the sync that found the problem.</summary>
    public int TimeoutSeconds { get; set; } = 10;
}

/// <summary>
/// Records a calendar's problem and, when it is new, e-mails the integration's "e-mail on problems"
/// address (PROD-08). A failing mail server is logged, never a reason to fail the sync.
/// </summary>
public sealed class ProblemReporter(Storage.SyncDbContext db, IOptions<SmtpOptions> smtp, ILogger<ProblemReporter> logger)
{
    public async Task SetAsync(Integration integration, CalendarMapping mapping, string? problem, CancellationToken cancellationToken)
    {
        if (problem == mapping.Problem)
        {
            return;
        }

        mapping.Problem = problem;
        if (problem is null)
        {
            return;
        }

        // Two jobs of one calendar (a poll and a renewal queued by the same cron run) can meet the same problem at
        // once: only the one whose write changes the stored problem e-mails it.
        if (mapping.Id != 0 && await db.Mappings.Where(m => m.Id == mapping.Id && m.Problem != problem)
                .ExecuteUpdateAsync(set => set.SetProperty(m => m.Problem, problem), cancellationToken) == 0)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(integration.ProblemEmail) || string.IsNullOrWhiteSpace(smtp.Value.Host))
        {
            logger.LogWarning("Problem on {Mailbox} not e-mailed ({Why}): {Problem}", mapping.Mailbox,
                string.IsNullOrWhiteSpace(integration.ProblemEmail) ? "no e-mail on problems set" : "Smtp:Host not set", problem);
            return;
        }

        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(smtp.Value.From));
        message.To.Add(MailboxAddress.Parse(integration.ProblemEmail));
        message.Subject = $"Outlook integration \"{integration.Name}\": {mapping.Mailbox} cannot sync";
        message.Body = new TextPart("plain")
        {
            Text = $"The Outlook integration \"{integration.Name}\" cannot sync the calendar {mapping.Mailbox}.\n\n{problem}\n\n"
                + "Other calendars keep syncing. After the fix, ExecuteIntegrations retries on its next run, or activate the integration again.",
        };
        try
        {
            using var client = new SmtpClient { Timeout = (int)TimeSpan.FromSeconds(smtp.Value.TimeoutSeconds).TotalMilliseconds };
            await client.ConnectAsync(smtp.Value.Host, smtp.Value.Port, smtp.Value.StartTls ? SecureSocketOptions.StartTlsWhenAvailable : SecureSocketOptions.None, cancellationToken);
            await client.SendAsync(message, cancellationToken);
            await client.DisconnectAsync(true, cancellationToken);
            logger.LogInformation("E-mailed the problem on {Mailbox} to the integration's problem address", mapping.Mailbox);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError("Could not e-mail the problem on {Mailbox}: {Reason}", mapping.Mailbox, ex.Message);
        }
    }
}
