using System.Text;
using System.Text.Json;
using GraphSimulator.Tenants;

namespace GraphSimulator.Identity;

/// <summary>POST /{tenant}/oauth2/v2.0/token: client credentials, authorization code and refresh token grants.</summary>
public static class TokenEndpoint
{
    private static readonly string[] OidcScopes = ["openid", "profile", "offline_access", "email"];

    public static async Task<IResult> HandleAsync(HttpContext context, string tenant, TenantDirectory directory, AccessTokens tokens, SignInGrants grants, TimeProvider time)
    {
        if (!context.Request.HasFormContentType)
        {
            return OAuthErrors.MissingParameter(time, "grant_type");
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var (clientId, clientSecret) = ClientCredentials(context.Request, form);
        var grantType = form["grant_type"].ToString();
        if (string.IsNullOrEmpty(clientId))
        {
            return OAuthErrors.MissingParameter(time, "client_id");
        }

        var failure = directory.Read(view => CheckClient(view, tenant, clientId, clientSecret, requireSecret: true, time, out _, out _));
        if (failure is not null)
        {
            return failure;
        }

        var (tenantModel, app) = directory.Read(view => (view.FindTenant(tenant)!, view.FindApp(clientId)!));
        return grantType switch
        {
            "client_credentials" => ClientCredentialsGrant(form["scope"].ToString(), tenantModel, app, directory, tokens, time),
            "authorization_code" => AuthorizationCodeGrant(context, form, tenantModel, app, directory, tokens, grants, time),
            "refresh_token" => RefreshTokenGrant(context, form, tenantModel, app, directory, tokens, grants, time),
            "" => OAuthErrors.MissingParameter(time, "grant_type"),
            _ => OAuthErrors.UnsupportedGrant(time, grantType),
        };
    }

    /// <summary>Tenant, app in tenant, then the secret: in that order, like Entra ID.</summary>
    internal static IResult? CheckClient(DirectoryView view, string tenant, string clientId, string? secret, bool requireSecret, TimeProvider time, out Tenant? tenantModel, out AppRegistration? app)
    {
        tenantModel = view.FindTenant(tenant);
        app = view.FindApp(clientId);
        if (tenantModel is null)
        {
            return OAuthErrors.TenantNotFound(time, tenant);
        }

        if (app is null || !view.IsAppInTenant(app, tenantModel))
        {
            return OAuthErrors.AppNotInTenant(time, clientId, tenant);
        }

        if (secret is null)
        {
            return requireSecret
                ? OAuthErrors.Error(time, 401, "invalid_client", 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.")
                : null;
        }

        var match = app.Secrets.FirstOrDefault(s => s.Value == secret);
        if (match is null)
        {
            return OAuthErrors.InvalidSecret(time, clientId);
        }

        return match.EndDateTime <= time.GetUtcNow() ? OAuthErrors.ExpiredSecret(time, clientId) : null;
    }

    private static IResult ClientCredentialsGrant(string scope, Tenant tenant, AppRegistration app, TenantDirectory directory, AccessTokens tokens, TimeProvider time)
    {
        if (!scope.EndsWith("/.default", StringComparison.OrdinalIgnoreCase))
        {
            return OAuthErrors.InvalidScope(time, scope);
        }

        // Without admin consent Entra ID still issues the token, just with no roles; Graph then says 403.
        var roles = directory.Read(_ => tenant.AdminConsents.Contains(app.AppId) ? app.ApplicationPermissions.ToHashSet(StringComparer.OrdinalIgnoreCase) : new HashSet<string>(StringComparer.OrdinalIgnoreCase));
        var caller = new GraphCaller(tenant.Id, app.AppId, null, null, roles, new HashSet<string>(), time.GetUtcNow() + AccessTokens.Lifetime);
        return Answer(new Dictionary<string, object?>
        {
            ["token_type"] = "Bearer",
            ["expires_in"] = (int)AccessTokens.Lifetime.TotalSeconds,
            ["ext_expires_in"] = (int)AccessTokens.Lifetime.TotalSeconds,
            ["access_token"] = tokens.Issue(caller),
        });
    }

    private static IResult AuthorizationCodeGrant(HttpContext context, IFormCollection form, Tenant tenant, AppRegistration app, TenantDirectory directory, AccessTokens tokens, SignInGrants grants, TimeProvider time)
    {
        var code = form["code"].ToString();
        if (code.Length == 0)
        {
            return OAuthErrors.MissingParameter(time, "code");
        }

        var grant = grants.RedeemCode(code);
        if (grant is null || grant.AppId != app.AppId || grant.TenantId != tenant.Id)
        {
            return OAuthErrors.InvalidGrant(time, "code");
        }

        if (form["redirect_uri"].ToString() != grant.RedirectUri)
        {
            return OAuthErrors.RedirectUriMismatch(time, form["redirect_uri"].ToString(), app.AppId);
        }

        return UserTokens(context, tenant, app, grant, directory, tokens, grants, time);
    }

    private static IResult RefreshTokenGrant(HttpContext context, IFormCollection form, Tenant tenant, AppRegistration app, TenantDirectory directory, AccessTokens tokens, SignInGrants grants, TimeProvider time)
    {
        var refreshToken = form["refresh_token"].ToString();
        if (grants.WasRevoked(refreshToken))
        {
            return OAuthErrors.GrantRevoked(time);
        }

        var grant = grants.RedeemRefreshToken(refreshToken);
        if (grant is null || grant.AppId != app.AppId || grant.TenantId != tenant.Id)
        {
            return OAuthErrors.InvalidGrant(time, "refresh_token");
        }

        return UserTokens(context, tenant, app, grant, directory, tokens, grants, time);
    }

    private static IResult UserTokens(HttpContext context, Tenant tenant, AppRegistration app, SignInGrant grant, TenantDirectory directory, AccessTokens tokens, SignInGrants grants, TimeProvider time)
    {
        var (user, consented) = directory.Read(_ => (
            tenant.Users.GetValueOrDefault(grant.UserId),
            tenant.DelegatedConsents.GetValueOrDefault((app.AppId, grant.UserId))?.ToHashSet(StringComparer.OrdinalIgnoreCase) ?? []));
        if (user is null)
        {
            return OAuthErrors.InvalidGrant(time, "code");
        }

        var wanted = grant.Scopes.Select(GraphScope).Where(s => !OidcScopes.Contains(s, StringComparer.OrdinalIgnoreCase)).ToList();
        if (wanted.Any(s => !consented.Contains(s)))
        {
            return OAuthErrors.ConsentMissing(time, app.AppId, app.DisplayName);
        }

        var now = time.GetUtcNow();
        var caller = new GraphCaller(tenant.Id, app.AppId, user.Id, user.UserPrincipalName, new HashSet<string>(), wanted.ToHashSet(StringComparer.OrdinalIgnoreCase), now + AccessTokens.Lifetime);
        var answer = new Dictionary<string, object?>
        {
            ["token_type"] = "Bearer",
            ["scope"] = string.Join(' ', wanted.Select(s => "https://graph.microsoft.com/" + s).Concat(grant.Scopes.Where(s => OidcScopes.Contains(s, StringComparer.OrdinalIgnoreCase)))),
            ["expires_in"] = (int)AccessTokens.Lifetime.TotalSeconds,
            ["ext_expires_in"] = (int)AccessTokens.Lifetime.TotalSeconds,
            ["access_token"] = tokens.Issue(caller),
            ["id_token"] = IdToken(context, tenant, app, user, now),
            ["client_info"] = AccessTokens.Base64Url(JsonSerializer.SerializeToUtf8Bytes(new { uid = user.Id, utid = tenant.Id })),
        };
        if (grant.Scopes.Contains("offline_access", StringComparer.OrdinalIgnoreCase))
        {
            answer["refresh_token"] = grants.IssueRefreshToken(grant);
        }

        return Answer(answer);
    }

    /// <summary>"https://graph.microsoft.com/Calendars.ReadWrite" and "Calendars.ReadWrite" name the same permission.</summary>
    internal static string GraphScope(string scope) =>
        scope.StartsWith("https://graph.microsoft.com/", StringComparison.OrdinalIgnoreCase) ? scope["https://graph.microsoft.com/".Length..] : scope;

    private static string IdToken(HttpContext context, Tenant tenant, AppRegistration app, DirectoryUser user, DateTimeOffset now)
    {
        var header = AccessTokens.Base64Url(JsonSerializer.SerializeToUtf8Bytes(new { typ = "JWT", alg = "none" }));
        var payload = AccessTokens.Base64Url(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object?>
        {
            ["aud"] = app.AppId,
            ["iss"] = $"{context.Request.Scheme}://{context.Request.Host}/{tenant.Id}/v2.0",
            ["iat"] = now.ToUnixTimeSeconds(),
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["exp"] = (now + AccessTokens.Lifetime).ToUnixTimeSeconds(),
            ["name"] = user.DisplayName,
            ["oid"] = user.Id,
            ["preferred_username"] = user.UserPrincipalName,
            ["sub"] = user.Id,
            ["tid"] = tenant.Id,
            ["ver"] = "2.0",
        }));
        return $"{header}.{payload}.";
    }

    private static (string? Id, string? Secret) ClientCredentials(HttpRequest request, IFormCollection form)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim())).Split(':', 2);
                if (pair.Length == 2)
                {
                    return (Uri.UnescapeDataString(pair[0]), Uri.UnescapeDataString(pair[1]));
                }
            }
            catch (FormatException)
            {
                return (null, null);
            }
        }

        return (form["client_id"].FirstOrDefault(), form["client_secret"].FirstOrDefault());
    }

    private static IResult Answer(Dictionary<string, object?> body) => Results.Json(body);
}
