using GraphSimulator.Graph;
using GraphSimulator.Identity;
using GraphSimulator.Tenants;

namespace GraphSimulator.Control;

/// <summary>
/// What a tenant's administrator does in the Entra portal (or Exchange PowerShell), now, without moving the
/// clock: revoke or grant admin consent, add a client secret or let them run out, revoke a user's sign-in
/// sessions, remove the app's ApplicationAccessPolicy, delete a user or room mailbox. Scenarios use
/// these to break sign-in while the service runs (a secret's two-year expiry is too far to jump to).
/// </summary>
public static class AdministratorControlEndpoints
{
    private const int MaxDisplayName = 100;

    public static RouteGroupBuilder MapAdministratorControl(this RouteGroupBuilder control)
    {
        control.MapDelete("/tenants/{tenant}/apps/{appId}/consent", RevokeConsent);
        control.MapPost("/tenants/{tenant}/apps/{appId}/consent", GrantAdminConsent);
        control.MapPost("/apps/{appId}/secrets", AddSecretAsync);
        control.MapPost("/apps/{appId}/secrets/expire", ExpireSecrets);
        control.MapPost("/tenants/{tenant}/users/{user}/revoke-sign-in-sessions", RevokeSessions);
        control.MapDelete("/tenants/{tenant}/apps/{appId}/access-policies", RemoveAccessPolicies);
        control.MapDelete("/tenants/{tenant}/users/{user}", DeleteUser);
        return control;
    }

    /// <summary>Removes the app's admin consent and every user's delegated consent in the tenant.</summary>
    /// <remarks>Graph then challenges the app's subscriptions in the tenant with reauthorizationRequired (where they have a lifecycle URL).</remarks>
    private static IResult RevokeConsent(
        HttpContext context, string tenant, string appId, TenantDirectory directory, Subscriptions.SubscriptionStore subscriptions,
        Notifications.DeliveryScheduler scheduler, TimeProvider time, Microsoft.Extensions.Options.IOptions<SimulatorOptions> options) =>
        WithTenantAndApp(context, directory, tenant, appId, (t, app) =>
        {
            var delegated = t.DelegatedConsents.Keys.Where(k => string.Equals(k.AppId, app.AppId, StringComparison.OrdinalIgnoreCase)).ToList();
            delegated.ForEach(k => t.DelegatedConsents.Remove(k));
            var admin = t.AdminConsents.Remove(app.AppId);
            if (options.Value.ReauthorizationLead > TimeSpan.Zero)
            {
                foreach (var subscription in subscriptions.All().Where(s => s.TenantId == t.Id && string.Equals(s.ApplicationId, app.AppId, StringComparison.OrdinalIgnoreCase)))
                {
                    if (Notifications.Delivery.ForLifecycle(subscription, "reauthorizationRequired", time.GetUtcNow()) is { } challenge)
                    {
                        scheduler.Enqueue(challenge);
                    }
                }
            }

            return Results.Json(new { adminConsentRevoked = admin, delegatedConsentsRevoked = delegated.Count }, GraphJson.Options);
        });

    /// <summary>Remove-ApplicationAccessPolicy for every policy naming the app: its app-only access becomes tenant-wide.</summary>
    private static IResult RemoveAccessPolicies(HttpContext context, string tenant, string appId, TenantDirectory directory) =>
        WithTenantAndApp(context, directory, tenant, appId, (t, app) =>
            Results.Json(new { removed = t.AccessPolicies.RemoveAll(p => string.Equals(p.AppId, app.AppId, StringComparison.OrdinalIgnoreCase)) }, GraphJson.Options));

    private static IResult GrantAdminConsent(HttpContext context, string tenant, string appId, TenantDirectory directory) =>
        WithTenantAndApp(context, directory, tenant, appId, (t, app) =>
        {
            t.AdminConsents.Add(app.AppId);
            return Results.Json(new { adminConsent = true, applicationPermissions = app.ApplicationPermissions }, GraphJson.Options);
        });

    /// <summary>Like Graph's addPassword (body {} or displayName/endDateTime): the secret's value is shown in this answer only.</summary>
    private static async Task<IResult> AddSecretAsync(HttpContext context, string appId, TenantDirectory directory, TimeProvider time)
    {
        var request = await GraphJson.ReadAsync<SecretRequest>(context);
        if (request is null)
        {
            return GraphErrors.UnreadableJson(context);
        }

        var now = time.GetUtcNow();
        var end = request.EndDateTime ?? now.AddYears(2);
        if (end <= now || end > now.AddYears(2) || request.DisplayName is { Length: > MaxDisplayName })
        {
            return GraphErrors.BadRequest(context, "InvalidRequest", $"endDateTime must be in the future and at most two years away; displayName at most {MaxDisplayName} characters.");
        }

        var secret = new ClientSecret(Guid.NewGuid().ToString(), AccessTokens.Base64Url(System.Security.Cryptography.RandomNumberGenerator.GetBytes(30)), end);
        var added = false;
        directory.Change(view =>
        {
            if (view.FindApp(appId) is { } app)
            {
                app.Secrets.Add(secret);
                added = true;
            }
        });
        return added
            ? Results.Json(new { keyId = secret.KeyId, displayName = request.DisplayName, secretText = secret.Value, endDateTime = secret.EndDateTime }, GraphJson.Options, statusCode: StatusCodes.Status201Created)
            : GraphErrors.NotFound(context, $"No app registration '{appId}'.");
    }

    /// <summary>Every current secret of the app ends now: the next token request says AADSTS7000222.</summary>
    private static IResult ExpireSecrets(HttpContext context, string appId, TenantDirectory directory, TimeProvider time)
    {
        var now = time.GetUtcNow();
        int? expired = null;
        directory.Change(view =>
        {
            if (view.FindApp(appId) is { } app)
            {
                var current = app.Secrets.Where(s => s.EndDateTime > now).ToList();
                app.Secrets.RemoveAll(current.Contains);
                app.Secrets.AddRange(current.Select(s => s with { EndDateTime = now }));
                expired = current.Count;
            }
        });
        return expired is { } count
            ? Results.Json(new { expired = count }, GraphJson.Options)
            : GraphErrors.NotFound(context, $"No app registration '{appId}'.");
    }

    /// <summary>Like Graph's revokeSignInSessions: the user's refresh tokens stop working (AADSTS50173).</summary>
    private static IResult RevokeSessions(HttpContext context, string tenant, string user, TenantDirectory directory, SignInGrants grants)
    {
        var found = directory.Read(view => view.FindTenant(tenant) is { } t && t.FindUser(user) is { } u ? (t.Id, u.Id) : ((string, string)?)null);
        return found is var (tenantId, userId)
            ? Results.Json(new { revokedRefreshTokens = grants.RevokeFor(tenantId, userId) }, GraphJson.Options)
            : GraphErrors.NotFound(context, $"No user '{user}' in tenant '{tenant}'.");
    }

    /// <summary>The user (or room mailbox) deleted in the portal: gone from the directory and its groups; Graph answers ErrorInvalidUser.</summary>
    private static IResult DeleteUser(HttpContext context, string tenant, string user, TenantDirectory directory)
    {
        string? deleted = null;
        directory.Change(view =>
        {
            if (view.FindTenant(tenant) is { } t && t.FindUser(user) is { } u)
            {
                t.Users.Remove(u.Id);
                foreach (var group in t.Groups.Values)
                {
                    group.MemberIds.Remove(u.Id);
                }

                deleted = u.UserPrincipalName;
            }
        });
        return deleted is null
            ? GraphErrors.NotFound(context, $"No user '{user}' in tenant '{tenant}'.")
            : Results.Json(new { deleted }, GraphJson.Options);
    }

    private static IResult WithTenantAndApp(HttpContext context, TenantDirectory directory, string tenant, string appId, Func<Tenant, AppRegistration, IResult> change)
    {
        IResult? answer = null;
        directory.Change(view =>
        {
            var t = view.FindTenant(tenant);
            var app = view.FindApp(appId);
            answer = t is null || app is null || (!view.IsAppInTenant(app, t) && !app.MultiTenant)
                ? GraphErrors.NotFound(context, $"No app registration '{appId}' usable in tenant '{tenant}'.")
                : change(t, app);
        });
        return answer!;
    }

    private sealed record SecretRequest(string? DisplayName, DateTimeOffset? EndDateTime);
}
