using Microsoft.EntityFrameworkCore;
using OutlookSync.Bookings;
using OutlookSync.Storage;
using OutlookSync.Subscriptions;

namespace OutlookSync.Integrations;

/// <summary>
/// The authenticated JSON admin API, for scripts and tests (operators use the screens): objects,
/// integrations, calendar mappings, activation, and the bookings that sync produced. Secrets go in, never out.
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

    private static async Task<IResult> CreateIntegrationAsync(IntegrationRequest request, IntegrationSettings settings, CancellationToken cancellationToken)
    {
        var (integration, errors) = await settings.CreateAsync(new IntegrationFields(request.Name, request.Mode, request.TenantId, request.ClientId, request.ClientSecret, request.ProblemEmail), cancellationToken);
        return integration is null ? Results.ValidationProblem(errors) : Results.Created($"/api/admin/integrations/{integration.Id}", Describe(integration));
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

    private static async Task<IResult> AddMappingAsync(int id, MappingRequest request, SyncDbContext db, IntegrationSettings settings, CancellationToken cancellationToken)
    {
        var integration = await db.Integrations.FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (integration is null)
        {
            return Results.NotFound();
        }

        var (mapping, note, errors) = await settings.AddMappingAsync(integration, request.Mailbox, request.ObjectId, cancellationToken);
        return mapping is null
            ? Results.ValidationProblem(errors)
            : Results.Created($"/api/admin/integrations/{id}/mappings/{mapping.Id}", new { mapping.Id, mapping.Mailbox, mapping.ObjectId, note });
    }

    private static async Task<IResult> SetInboundAsync(int id, InboundRequest request, SyncDbContext db, IntegrationSettings settings, CancellationToken cancellationToken)
    {
        var integration = await db.Integrations.FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (integration is null)
        {
            return Results.NotFound();
        }

        var errors = await settings.SetInboundAsync(integration, new InboundFields(request.CreatedStatus, request.PrivateTitle, request.SyncWindowDays, request.AllowConflicts), cancellationToken);
        return errors.Count > 0 ? Results.ValidationProblem(errors) : Results.Ok(integration.Inbound);
    }

    /// <summary>A rotated or renewed secret (PROD-01): the next sign-in uses it; failed renewals retry on the next cron run.</summary>
    private static async Task<IResult> SetClientSecretAsync(int id, ClientSecretRequest request, SyncDbContext db, IntegrationSettings settings, CancellationToken cancellationToken)
    {
        var integration = await db.Integrations.Include(i => i.Mappings).FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (integration is null)
        {
            return Results.NotFound();
        }

        var errors = await settings.SetSecretAsync(integration, request.ClientSecret, cancellationToken);
        return errors.Count > 0 ? Results.ValidationProblem(errors) : Results.Ok(Describe(integration));
    }

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
        i.ClientSecretSetAt,
        i.Active,
        i.ProblemEmail,
        i.ConsentGranted,
        i.ConsentGrantedAt,
        i.ConsentedBy,
        i.ConnectedUser,
        i.ConnectedAt,
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
