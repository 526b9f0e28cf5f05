using GraphSimulator.Graph;
using GraphSimulator.Tenants;

namespace GraphSimulator.Control;

/// <summary>POST /control/tenants seeds a tenant; GET lists them (secret values are shown only at creation, like the portal).</summary>
public static class TenantControlEndpoints
{
    public static RouteGroupBuilder MapTenantControl(this RouteGroupBuilder control)
    {
        control.MapPost("/tenants", CreateAsync);
        control.MapGet("/tenants", (TenantDirectory directory) =>
            Results.Json(new { value = directory.Read(view => view.Tenants.Select(t => Describe(t, view.Apps.Where(a => a.HomeTenantId == t.Id), withSecrets: false)).ToList()) }, GraphJson.Options));
        return control;
    }

    private static async Task<IResult> CreateAsync(HttpContext context, TenantSeeder seeder)
    {
        var seed = await GraphJson.ReadAsync<TenantSeed>(context);
        if (seed is null)
        {
            return GraphErrors.UnreadableJson(context);
        }

        var (tenant, apps, problem) = seeder.Apply(seed);
        return tenant is null
            ? GraphErrors.BadRequest(context, "InvalidRequest", problem!)
            : Results.Json(Describe(tenant, apps, withSecrets: true), GraphJson.Options, statusCode: StatusCodes.Status201Created);
    }

    private static object Describe(Tenant tenant, IEnumerable<AppRegistration> apps, bool withSecrets) => new
    {
        id = tenant.Id,
        domain = tenant.Domain,
        displayName = tenant.DisplayName,
        users = tenant.Users.Values.OrderBy(u => u.UserPrincipalName).Select(u => new { id = u.Id, userPrincipalName = u.UserPrincipalName, displayName = u.DisplayName, isRoom = u.IsRoom, hasMailbox = u.HasMailbox }),
        groups = tenant.Groups.Values.Select(g => new { id = g.Id, displayName = g.DisplayName, mail = g.Mail, members = g.MemberIds }),
        apps = apps.Select(a => new
        {
            appId = a.AppId,
            displayName = a.DisplayName,
            multiTenant = a.MultiTenant,
            redirectUris = a.RedirectUris,
            delegatedPermissions = a.DelegatedPermissions,
            applicationPermissions = a.ApplicationPermissions,
            adminConsent = tenant.AdminConsents.Contains(a.AppId),
            secrets = a.Secrets.Select(s => new { keyId = s.KeyId, value = withSecrets ? s.Value : null, endDateTime = s.EndDateTime }),
        }),
    };
}
