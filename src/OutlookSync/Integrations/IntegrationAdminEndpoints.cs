using Microsoft.EntityFrameworkCore;
using OutlookSync.Bookings;
using OutlookSync.Storage;
using OutlookSync.Subscriptions;

namespace OutlookSync.Integrations;

/// <summary>
/// The authenticated admin API (until the screens arrive they are its only users): objects, integrations,
/// calendar mappings, activation, and the bookings that sync produced. Secrets go in, never out.
/// </summary>
public static class IntegrationAdminEndpoints
{
    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin").RequireAdminApiKey();
        admin.MapPost("/objects", CreateObjectAsync);
        admin.MapGet("/objects", async (SyncDbContext db) => Results.Ok(await db.Objects.OrderBy(o => o.Id).ToListAsync()));
        admin.MapBookings();
        admin.MapPost("/integrations", CreateIntegrationAsync);
        admin.MapGet("/integrations", async (SyncDbContext db, CancellationToken ct) =>
            Results.Ok((await db.Integrations.AsNoTracking().Include(i => i.Mappings).OrderBy(i => i.Id).ToListAsync(ct)).Select(i => Describe(i))));
        admin.MapGet("/integrations/{id:int}", GetIntegrationAsync);
        admin.MapPost("/integrations/{id:int}/mappings", AddMappingAsync);
        admin.MapPut("/integrations/{id:int}/inbound", SetInboundAsync);
        admin.MapPut("/integrations/{id:int}/client-secret", SetClientSecretAsync);
        admin.MapPost("/integrations/{id:int}/activate", (int id, SubscriptionManager manager, CancellationToken ct) => ChangeStateAsync(id, manager, activate: true, ct));
        admin.MapPost("/integrations/{id:int}/deactivate", (int id, SubscriptionManager manager, CancellationToken ct) => ChangeStateAsync(id, manager, activate: false, ct));
        return app;
    }

    private static async Task<IResult> CreateObjectAsync(ObjectRequest request, SyncDbContext db)
    {
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 200)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["name"] = ["A name of 1..200 characters is required."] });
        }

        var created = new BookableObject { Name = request.Name.Trim(), Kind = request.Kind is "resource" ? "resource" : "room" };
        db.Objects.Add(created);
        await db.SaveChangesAsync();
        return Results.Created($"/api/admin/objects/{created.Id}", created);
    }

    private static async Task<IResult> CreateIntegrationAsync(IntegrationRequest request, SyncDbContext db, SecretProtector secrets)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 200)
        {
            errors["name"] = ["A name of 1..200 characters is required."];
        }

        if (!Guid.TryParse(request.TenantId, out _))
        {
            errors["tenantId"] = ["The directory (tenant) ID is a GUID, shown on the app registration's overview."];
        }

        if (!Guid.TryParse(request.ClientId, out _))
        {
            errors["clientId"] = ["The application (client) ID is a GUID, shown on the app registration's overview."];
        }

        if (!IsClientSecret(request.ClientSecret))
        {
            errors["clientSecret"] = [ClientSecretRequired];
        }

        if (!Enum.TryParse<IntegrationMode>(request.Mode, ignoreCase: true, out var mode))
        {
            errors["mode"] = ["Mode is 'Delegated' (A) or 'Application' (B)."];
        }

        if (request.ProblemEmail is { } email && !System.Net.Mail.MailAddress.TryCreate(email, out _))
        {
            errors["problemEmail"] = ["Not an e-mail address."];
        }

        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }

        var integration = new Integration
        {
            Name = request.Name!.Trim(),
            Mode = mode,
            TenantId = request.TenantId!,
            ClientId = request.ClientId!,
            ProtectedClientSecret = secrets.Protect(request.ClientSecret!),
            ProblemEmail = request.ProblemEmail,
        };
        db.Integrations.Add(integration);
        await db.SaveChangesAsync();
        return Results.Created($"/api/admin/integrations/{integration.Id}", Describe(integration));
    }

    private static async Task<IResult> GetIntegrationAsync(int id, SyncDbContext db)
    {
        var integration = await db.Integrations.Include(i => i.Mappings).FirstOrDefaultAsync(i => i.Id == id);
        if (integration is null)
        {
            return Results.NotFound();
        }

        var mappingIds = integration.Mappings.Select(m => m.Id).ToList();
        var subscriptions = await db.Subscriptions.Where(s => mappingIds.Contains(s.MappingId)).ToListAsync();
        return Results.Ok(Describe(integration, subscriptions));
    }

    private static async Task<IResult> AddMappingAsync(int id, MappingRequest request, SyncDbContext db)
    {
        var integration = await db.Integrations.Include(i => i.Mappings).FirstOrDefaultAsync(i => i.Id == id);
        if (integration is null)
        {
            return Results.NotFound();
        }

        var mailbox = integration.Mode == IntegrationMode.Delegated ? "me" : request.Mailbox?.Trim();
        if (integration.Mode == IntegrationMode.Application && (mailbox is null || !System.Net.Mail.MailAddress.TryCreate(mailbox, out _)))
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["mailbox"] = ["Mode B maps room mailboxes: give the room's UPN, e.g. room.amsterdam@contoso.com."] });
        }

        if (integration.Mode == IntegrationMode.Delegated && integration.Mappings.Count > 0)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["mailbox"] = ["Mode A syncs one calendar (the service account's) to one object."] });
        }

        if (!await db.Objects.AnyAsync(o => o.Id == request.ObjectId))
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["objectId"] = [$"No object {request.ObjectId}."] });
        }

        if (integration.Mappings.Any(m => string.Equals(m.Mailbox, mailbox, StringComparison.OrdinalIgnoreCase)))
        {
            return Results.Conflict(new { error = $"{mailbox} is mapped already." });
        }

        var mapping = new CalendarMapping { IntegrationId = id, ObjectId = request.ObjectId, Mailbox = mailbox! };
        db.Mappings.Add(mapping);
        await db.SaveChangesAsync();
        return Results.Created($"/api/admin/integrations/{id}/mappings/{mapping.Id}", new { mapping.Id, mapping.Mailbox, mapping.ObjectId });
    }

    private static async Task<IResult> SetInboundAsync(int id, InboundRequest request, SyncDbContext db)
    {
        var integration = await db.Integrations.FirstOrDefaultAsync(i => i.Id == id);
        if (integration is null)
        {
            return Results.NotFound();
        }

        var errors = new Dictionary<string, string[]>();
        if (request.CreatedStatus is { } status && (!Enum.TryParse<BookingStatus>(status, ignoreCase: true, out var parsed) || parsed == BookingStatus.Cancelled))
        {
            errors["createdStatus"] = ["Bookings from Outlook are created 'Confirmed' or 'Pending'."];
        }

        if (request.SyncWindowDays is < 1 or > 365)
        {
            errors["syncWindowDays"] = ["The sync window is 1..365 days."];
        }

        if (request.PrivateTitle is { Length: 0 or > 200 })
        {
            errors["privateTitle"] = ["The title for private items is 1..200 characters."];
        }

        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }

        var inbound = integration.Inbound;
        integration.Inbound = new InboundBehaviour
        {
            CreatedStatus = request.CreatedStatus is { } s ? Enum.Parse<BookingStatus>(s, ignoreCase: true) : inbound.CreatedStatus,
            PrivateTitle = request.PrivateTitle ?? inbound.PrivateTitle,
            SyncWindowDays = request.SyncWindowDays ?? inbound.SyncWindowDays,
            AllowConflicts = request.AllowConflicts ?? inbound.AllowConflicts,
        };
        await db.SaveChangesAsync();
        return Results.Ok(integration.Inbound);
    }

    /// <summary>A rotated or renewed secret (PROD-01): the next sign-in uses it; failed renewals retry on the next cron run.</summary>
    private static async Task<IResult> SetClientSecretAsync(int id, ClientSecretRequest request, SyncDbContext db, SecretProtector secrets)
    {
        if (!IsClientSecret(request.ClientSecret))
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["clientSecret"] = [ClientSecretRequired] });
        }

        var integration = await db.Integrations.Include(i => i.Mappings).FirstOrDefaultAsync(i => i.Id == id);
        if (integration is null)
        {
            return Results.NotFound();
        }

        integration.ProtectedClientSecret = secrets.Protect(request.ClientSecret!);
        await db.SaveChangesAsync();
        return Results.Ok(Describe(integration));
    }

    private const string ClientSecretRequired = "The client secret value is required (not its ID), at most 1000 characters.";

    private static bool IsClientSecret(string? secret) => !string.IsNullOrWhiteSpace(secret) && secret.Length <= 1000;

    private static async Task<IResult> ChangeStateAsync(int id, SubscriptionManager manager, bool activate, CancellationToken cancellationToken)
    {
        var result = activate ? await manager.ActivateAsync(id, cancellationToken) : await manager.DeactivateAsync(id, cancellationToken);
        return result is null ? Results.NotFound() : Results.Ok(result);
    }

    /// <summary>What operators see: never the secret or the client states.</summary>
    private static object Describe(Integration i, IReadOnlyList<GraphSubscription>? subscriptions = null) => new
    {
        i.Id,
        i.Name,
        Mode = i.Mode.ToString(),
        i.TenantId,
        i.ClientId,
        HasClientSecret = i.ProtectedClientSecret is not null,
        i.Active,
        i.ProblemEmail,
        i.ConsentGranted,
        i.ConsentedBy,
        i.ConnectedUser,
        i.AuthProblem,
        i.Inbound,
        Mappings = i.Mappings.Select(m => new
        {
            m.Id,
            m.Mailbox,
            m.ObjectId,
            m.LastSyncAt,
            m.Problem,
            Subscriptions = (subscriptions ?? []).Where(s => s.MappingId == m.Id).Select(s => new { s.Id, s.ExpiresAt }),
        }),
    };

    public sealed record ObjectRequest(string? Name, string? Kind);

    public sealed record IntegrationRequest(string? Name, string? Mode, string? TenantId, string? ClientId, string? ClientSecret, string? ProblemEmail);

    public sealed record ClientSecretRequest(string? ClientSecret);

    public sealed record MappingRequest(string? Mailbox, int ObjectId);

    public sealed record InboundRequest(string? CreatedStatus, string? PrivateTitle, int? SyncWindowDays, bool? AllowConflicts);
}
