using GraphSimulator.Graph;
using GraphSimulator.Tenants;

namespace GraphSimulator.Control;

/// <summary>
/// What an administrator sets up in the Entra portal and Exchange PowerShell, step by step after the
/// tenant exists (the setup steps of the integration guide): register an app, set its redirect URIs and
/// API permissions, create a mail-enabled security group of rooms, New-ApplicationAccessPolicy.
/// </summary>
public static class PortalControlEndpoints
{
    private const int MaxName = 100;
    private static readonly string[] KnownPermissions = ["Calendars.Read", "Calendars.ReadWrite", "Place.Read.All", "User.Read"];

    public static RouteGroupBuilder MapPortalControl(this RouteGroupBuilder control)
    {
        control.MapPost("/tenants/{tenant}/apps", RegisterAppAsync);
        control.MapPut("/apps/{appId}/redirect-uris", SetRedirectUrisAsync);
        control.MapPut("/apps/{appId}/permissions", SetPermissionsAsync);
        control.MapPost("/tenants/{tenant}/groups", CreateGroupAsync);
        control.MapPost("/tenants/{tenant}/access-policies", AddAccessPolicyAsync);
        return control;
    }

    /// <summary>App registrations, New registration: single-tenant unless multiTenant; no secret, redirect URI or permission yet.</summary>
    private static async Task<IResult> RegisterAppAsync(HttpContext context, string tenant, TenantDirectory directory)
    {
        var request = await GraphJson.ReadAsync<AppRequest>(context);
        if (request is null || string.IsNullOrWhiteSpace(request.DisplayName) || request.DisplayName.Length > MaxName)
        {
            return GraphErrors.BadRequest(context, "InvalidRequest", $"Expected {{\"displayName\": \"...\" (at most {MaxName} characters), \"multiTenant\": false}}.");
        }

        AppRegistration? app = null;
        directory.Change(view =>
        {
            if (view.FindTenant(tenant) is { } home)
            {
                app = new AppRegistration(Guid.NewGuid().ToString(), request.DisplayName, home.Id) { MultiTenant = request.MultiTenant };
                view.Add(app);
            }
        });
        return app is null
            ? GraphErrors.NotFound(context, $"No tenant '{tenant}'.")
            : Results.Json(new { appId = app.AppId, displayName = app.DisplayName, multiTenant = app.MultiTenant }, GraphJson.Options, statusCode: StatusCodes.Status201Created);
    }

    /// <summary>Authentication, Web redirect URIs (replaces the list): https, or http only for localhost as Entra ID allows.</summary>
    private static async Task<IResult> SetRedirectUrisAsync(HttpContext context, string appId, TenantDirectory directory)
    {
        var request = await GraphJson.ReadAsync<RedirectUrisRequest>(context);
        if (request?.RedirectUris is not { Count: <= 256 } uris)
        {
            return GraphErrors.BadRequest(context, "InvalidRequest", "Expected {\"redirectUris\": [\"https://...\"]} (at most 256).");
        }

        if (uris.FirstOrDefault(u => !IsAllowedRedirectUri(u)) is { } bad)
        {
            return GraphErrors.BadRequest(context, "InvalidRequest", $"'{bad}' is not an allowed redirect URI: use https, or http only for localhost or 127.0.0.1.");
        }

        return Change(context, directory, appId, app =>
        {
            app.RedirectUris.Clear();
            app.RedirectUris.AddRange(uris.Distinct(StringComparer.Ordinal));
            return new { appId = app.AppId, redirectUris = app.RedirectUris };
        });
    }

    /// <summary>API permissions (replaces the lists). Consent is separate: grant it with POST .../consent.</summary>
    private static async Task<IResult> SetPermissionsAsync(HttpContext context, string appId, TenantDirectory directory)
    {
        var request = await GraphJson.ReadAsync<PermissionsRequest>(context);
        var all = (request?.Delegated ?? []).Concat(request?.Application ?? []).ToList();
        if (request is null || all.Any(p => !KnownPermissions.Contains(p, StringComparer.OrdinalIgnoreCase)))
        {
            return GraphErrors.BadRequest(context, "InvalidRequest", $"Expected {{\"delegated\": [...], \"application\": [...]}} with Microsoft Graph permissions the simulator knows: {string.Join(", ", KnownPermissions)}.");
        }

        return Change(context, directory, appId, app =>
        {
            app.DelegatedPermissions.Clear();
            app.DelegatedPermissions.UnionWith(request.Delegated ?? []);
            app.ApplicationPermissions.Clear();
            app.ApplicationPermissions.UnionWith(request.Application ?? []);
            return new { appId = app.AppId, delegated = app.DelegatedPermissions, application = app.ApplicationPermissions };
        });
    }

    /// <summary>A mail-enabled security group with rooms (or users) as members.</summary>
    private static async Task<IResult> CreateGroupAsync(HttpContext context, string tenant, TenantDirectory directory)
    {
        var request = await GraphJson.ReadAsync<GroupRequest>(context);
        if (request is null || string.IsNullOrWhiteSpace(request.DisplayName) || request.DisplayName.Length > MaxName || string.IsNullOrWhiteSpace(request.Mail) || !request.Mail.Contains('@'))
        {
            return GraphErrors.BadRequest(context, "InvalidRequest", "Expected {\"displayName\": \"Rooms\", \"mail\": \"rooms@...\", \"members\": [\"room@...\"]}.");
        }

        IResult? answer = null;
        directory.Change(view =>
        {
            if (view.FindTenant(tenant) is not { } t)
            {
                answer = GraphErrors.NotFound(context, $"No tenant '{tenant}'.");
                return;
            }

            var members = (request.Members ?? []).Select(m => (Name: m, User: t.FindUser(m))).ToList();
            if (members.FirstOrDefault(m => m.User is null) is { Name: { } unknown })
            {
                answer = GraphErrors.BadRequest(context, "InvalidRequest", $"No user or room '{unknown}' in {t.Domain}.");
                return;
            }

            var group = new SecurityGroup(Guid.NewGuid().ToString(), request.DisplayName, request.Mail, MailEnabled: true, members.Select(m => m.User!.Id).ToHashSet(StringComparer.OrdinalIgnoreCase));
            t.Groups[group.Id] = group;
            answer = Results.Json(new { id = group.Id, displayName = group.DisplayName, mail = group.Mail, members = group.MemberIds }, GraphJson.Options, statusCode: StatusCodes.Status201Created);
        });
        return answer!;
    }

    /// <summary>New-ApplicationAccessPolicy -AppId -PolicyScopeGroupId (mail, id or name) -AccessRight RestrictAccess|DenyAccess.</summary>
    private static async Task<IResult> AddAccessPolicyAsync(HttpContext context, string tenant, TenantDirectory directory)
    {
        var request = await GraphJson.ReadAsync<AccessPolicySeed>(context);
        if (request is null || !Enum.TryParse<AccessRight>(request.AccessRight ?? nameof(AccessRight.RestrictAccess), out var right))
        {
            return GraphErrors.BadRequest(context, "InvalidRequest", "Expected {\"app\": \"<appId>\", \"group\": \"<mail, id or name>\", \"accessRight\": \"RestrictAccess\"}.");
        }

        IResult? answer = null;
        directory.Change(view =>
        {
            var t = view.FindTenant(tenant);
            var app = request.App is null ? null : view.FindApp(request.App);
            var group = t?.Groups.Values.FirstOrDefault(g => string.Equals(g.Id, request.Group, StringComparison.OrdinalIgnoreCase) || string.Equals(g.Mail, request.Group, StringComparison.OrdinalIgnoreCase) || string.Equals(g.DisplayName, request.Group, StringComparison.OrdinalIgnoreCase));
            if (t is null || app is null || group is null)
            {
                answer = GraphErrors.NotFound(context, $"The tenant '{tenant}', the app '{request.App}' or the group '{request.Group}' does not exist.");
                return;
            }

            t.AccessPolicies.Add(new ApplicationAccessPolicy(app.AppId, group.Id, right));
            answer = Results.Json(new { appId = app.AppId, scopeGroupId = group.Id, accessRight = right.ToString() }, GraphJson.Options, statusCode: StatusCodes.Status201Created);
        });
        return answer!;
    }

    private static IResult Change(HttpContext context, TenantDirectory directory, string appId, Func<AppRegistration, object> change)
    {
        object? changed = null;
        directory.Change(view =>
        {
            if (view.FindApp(appId) is { } app)
            {
                changed = change(app);
            }
        });
        return changed is null ? GraphErrors.NotFound(context, $"No app registration '{appId}'.") : Results.Json(changed, GraphJson.Options);
    }

    private static bool IsAllowedRedirectUri(string? uri) =>
        Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && string.IsNullOrEmpty(parsed.Fragment)
        && (parsed.Scheme == Uri.UriSchemeHttps || (parsed.Scheme == Uri.UriSchemeHttp && (parsed.IsLoopback || parsed.Host == "localhost")));

    private sealed record AppRequest(string? DisplayName, bool MultiTenant);

    private sealed record RedirectUrisRequest(List<string>? RedirectUris);

    private sealed record PermissionsRequest(List<string>? Delegated, List<string>? Application);

    private sealed record GroupRequest(string? DisplayName, string? Mail, List<string>? Members);
}
