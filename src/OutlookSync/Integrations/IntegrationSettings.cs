using Microsoft.EntityFrameworkCore;
using OutlookSync.Bookings;
using OutlookSync.Storage;

namespace OutlookSync.Integrations;

/// <summary>The auth screen's and the configuration screen's fields, as the JSON admin API and the screens both set them.</summary>
public sealed record IntegrationFields(string? Name, string? Mode, string? TenantId, string? ClientId, string? ClientSecret, string? ProblemEmail);

/// <summary>The inbound behaviour fields; null keeps the current value.</summary>
public sealed record InboundFields(string? CreatedStatus, string? PrivateTitle, int? SyncWindowDays, bool? AllowConflicts);

/// <summary>
/// Changes an operator makes to integrations, validated once for the JSON admin API and the screens: field
/// errors come back by field name (nothing is changed then), every change takes effect without a restart.
/// </summary>
public sealed class IntegrationSettings(SyncDbContext db, SecretProtector secrets, MailboxDirectory mailboxes, TimeProvider time)
{
    public const int MaxSecretLength = 1000;
    public const string ClientSecretRequired = "The client secret value is required (not its ID), at most 1000 characters.";

    public async Task<(Integration? Integration, Dictionary<string, string[]> Errors)> CreateAsync(IntegrationFields fields, CancellationToken cancellationToken)
    {
        var errors = Validate(fields, secretRequired: true, out var mode);
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var integration = new Integration { Name = fields.Name!.Trim(), Mode = mode, TenantId = fields.TenantId!.Trim(), ClientId = fields.ClientId!.Trim() };
        Apply(integration, fields);
        db.Integrations.Add(integration);
        await db.SaveChangesAsync(cancellationToken);
        return (integration, errors);
    }

    /// <summary>Changes the auth settings; an empty secret keeps the stored one. The mode cannot change once calendars are mapped.</summary>
    public async Task<Dictionary<string, string[]>> UpdateAsync(Integration integration, IntegrationFields fields, CancellationToken cancellationToken)
    {
        var errors = Validate(fields, secretRequired: false, out var mode);
        if (errors.Count == 0 && mode != integration.Mode && integration.Mappings.Count > 0)
        {
            errors["mode"] = ["Remove the mapped calendars before changing the mode: mode A maps one object, mode B rooms."];
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        if (integration.TenantId != fields.TenantId!.Trim() || integration.ClientId != fields.ClientId!.Trim())
        {
            // Another app or tenant: its consent and connection are not this one's.
            (integration.ConsentGranted, integration.ConsentGrantedAt, integration.ConsentedBy) = (false, null, null);
            (integration.ConnectedUser, integration.ConnectedAccountId, integration.ConnectedAt, integration.ProtectedTokenCache) = (null, null, null, null);
        }

        (integration.Name, integration.Mode, integration.TenantId, integration.ClientId) = (fields.Name!.Trim(), mode, fields.TenantId!.Trim(), fields.ClientId!.Trim());
        Apply(integration, fields);
        await db.SaveChangesAsync(cancellationToken);
        return errors;
    }

    /// <summary>A rotated or renewed secret (PROD-01): the next sign-in uses it.</summary>
    public async Task<Dictionary<string, string[]>> SetSecretAsync(Integration integration, string? secret, CancellationToken cancellationToken)
    {
        if (!IsClientSecret(secret))
        {
            return new() { ["clientSecret"] = [ClientSecretRequired] };
        }

        (integration.ProtectedClientSecret, integration.ClientSecretSetAt) = (secrets.Protect(secret!), time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return [];
    }

    public async Task<Dictionary<string, string[]>> SetInboundAsync(Integration integration, InboundFields fields, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (fields.CreatedStatus is { } status && (!Enum.TryParse<BookingStatus>(status, ignoreCase: true, out var parsed) || parsed == BookingStatus.Cancelled))
        {
            errors["createdStatus"] = ["Bookings from Outlook are created 'Confirmed' or 'Pending'."];
        }

        if (fields.SyncWindowDays is < 1 or > 365)
        {
            errors["syncWindowDays"] = ["The sync window is 1..365 days."];
        }

        if (fields.PrivateTitle is { } title && (title.Trim().Length is 0 or > 200))
        {
            errors["privateTitle"] = ["The title for private items is 1..200 characters."];
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        var inbound = integration.Inbound;
        integration.Inbound = new InboundBehaviour
        {
            CreatedStatus = fields.CreatedStatus is { } s ? Enum.Parse<BookingStatus>(s, ignoreCase: true) : inbound.CreatedStatus,
            PrivateTitle = fields.PrivateTitle?.Trim() ?? inbound.PrivateTitle,
            SyncWindowDays = fields.SyncWindowDays ?? inbound.SyncWindowDays,
            AllowConflicts = fields.AllowConflicts ?? inbound.AllowConflicts,
        };
        if (integration.Inbound.SyncWindowDays != inbound.SyncWindowDays)
        {
            // A delta link keeps the window it was started with: forget them, so the next sync of each calendar
            // is a full round over the new window (no restart, no waiting for Graph to expire the tokens).
            await db.Mappings.Where(m => m.IntegrationId == integration.Id).ExecuteUpdateAsync(m => m.SetProperty(x => x.DeltaLink, (string?)null), cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        return errors;
    }

    /// <summary>
    /// Maps a room (mode B, verified with Graph: it must be a room of the tenant) or the service account's
    /// calendar (mode A, one) to an object; a mailbox is mapped once across all integrations.
    /// </summary>
    public async Task<(CalendarMapping? Mapping, string? Note, Dictionary<string, string[]> Errors)> AddMappingAsync(Integration integration, string? mailbox, int objectId, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        mailbox = integration.Mode == IntegrationMode.Delegated ? "me" : mailbox?.Trim();
        if (integration.Mode == IntegrationMode.Application && (mailbox is null || mailbox.Length > 320 || !System.Net.Mail.MailAddress.TryCreate(mailbox, out _)))
        {
            errors["mailbox"] = ["Mode B maps room mailboxes: give the room's UPN, e.g. room.amsterdam@contoso.com."];
        }
        else if (integration.Mode == IntegrationMode.Delegated && await db.Mappings.AnyAsync(m => m.IntegrationId == integration.Id, cancellationToken))
        {
            errors["mailbox"] = ["Mode A syncs one calendar (the service account's) to one object."];
        }

        if (!await db.Objects.AnyAsync(o => o.Id == objectId, cancellationToken))
        {
            errors["objectId"] = [$"No object {objectId}."];
        }

        if (errors.Count > 0)
        {
            return (null, null, errors);
        }

        // Asked of the database, not of the integration's loaded mappings: an integration may have thousands.
        var lower = mailbox!.ToLowerInvariant();
        if (await db.Mappings.AnyAsync(m => m.IntegrationId == integration.Id && m.Mailbox.ToLower() == lower, cancellationToken)
            || (integration.Mode == IntegrationMode.Application && await db.Mappings.AnyAsync(m => m.Mailbox == mailbox && m.IntegrationId != integration.Id, cancellationToken)))
        {
            return (null, null, new() { ["mailbox"] = [$"{mailbox} is mapped already: map each room once (PROD-07)."] });
        }

        string? note = null;
        if (integration.Mode == IntegrationMode.Application)
        {
            var verdict = await mailboxes.CheckRoomAsync(integration, mailbox!, cancellationToken);
            if (verdict.Refusal is { } refusal)
            {
                return (null, null, new() { ["mailbox"] = [refusal] });
            }

            note = verdict.Note;
        }

        var mapping = new CalendarMapping { IntegrationId = integration.Id, ObjectId = objectId, Mailbox = mailbox! };
        db.Mappings.Add(mapping);
        await db.SaveChangesAsync(cancellationToken);
        return (mapping, note, errors);
    }

    private Dictionary<string, string[]> Validate(IntegrationFields fields, bool secretRequired, out IntegrationMode mode)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(fields.Name) || fields.Name.Trim().Length > 200)
        {
            errors["name"] = ["A name of 1..200 characters is required."];
        }

        if (!Guid.TryParse(fields.TenantId?.Trim(), out _))
        {
            errors["tenantId"] = ["The directory (tenant) ID is a GUID, shown on the app registration's overview."];
        }

        if (!Guid.TryParse(fields.ClientId?.Trim(), out _))
        {
            errors["clientId"] = ["The application (client) ID is a GUID, shown on the app registration's overview."];
        }

        if ((secretRequired || !string.IsNullOrEmpty(fields.ClientSecret)) && !IsClientSecret(fields.ClientSecret))
        {
            errors["clientSecret"] = [ClientSecretRequired];
        }

        if (!Enum.TryParse(fields.Mode, ignoreCase: true, out mode) || !Enum.IsDefined(mode))
        {
            errors["mode"] = ["Mode is 'Delegated' (A) or 'Application' (B)."];
        }

        if (!string.IsNullOrWhiteSpace(fields.ProblemEmail) && !System.Net.Mail.MailAddress.TryCreate(fields.ProblemEmail.Trim(), out _))
        {
            errors["problemEmail"] = ["Not an e-mail address."];
        }

        return errors;
    }

    private void Apply(Integration integration, IntegrationFields fields)
    {
        integration.ProblemEmail = string.IsNullOrWhiteSpace(fields.ProblemEmail) ? null : fields.ProblemEmail.Trim();
        if (!string.IsNullOrEmpty(fields.ClientSecret))
        {
            (integration.ProtectedClientSecret, integration.ClientSecretSetAt) = (secrets.Protect(fields.ClientSecret), time.GetUtcNow());
        }
    }

    private static bool IsClientSecret(string? secret) => !string.IsNullOrWhiteSpace(secret) && secret.Length <= MaxSecretLength;
}
