using System.Net;
using System.Text;
using GraphSimulator.Tenants;

namespace GraphSimulator.Identity;

/// <summary>
/// The sign-in/consent page (/authorize) and the admin consent page (/adminconsent): plain forms that
/// redirect back with a code or admin_consent=True, after the same checks Entra ID makes first.
/// </summary>
public static class ConsentPages
{
    public static IResult Authorize(HttpContext context, string tenant, TenantDirectory directory, TimeProvider time)
    {
        var query = context.Request.Query;
        var check = CheckRequest(directory, time, tenant, query["client_id"], query["redirect_uri"]);
        if (check.Problem is not null)
        {
            return check.Problem;
        }

        if (query["response_type"] != "code")
        {
            return OAuthErrors.Error(time, 400, "unsupported_response_type", 700054, "response_type 'code' is the only one this endpoint supports.");
        }

        var scopes = query["scope"].ToString();
        var users = directory.Read(_ => check.Tenant!.Users.Values.Where(u => !u.IsRoom).OrderBy(u => u.UserPrincipalName).ToList());
        var html = new StringBuilder()
            .Append(Header($"Sign in to {check.App!.DisplayName}"))
            .Append($"<p><b>{E(check.App.DisplayName)}</b> asks for: <code>{E(scopes)}</code></p>")
            .Append("<form method=\"post\">")
            .Append(Hidden(query, "client_id", "redirect_uri", "scope", "state", "response_type"))
            .Append("<label>Account <select name=\"user\">")
            .Append(string.Concat(users.Select(u => $"<option value=\"{E(u.Id)}\"{(string.Equals(u.UserPrincipalName, query["login_hint"], StringComparison.OrdinalIgnoreCase) ? " selected" : "")}>{E(u.UserPrincipalName)}</option>")))
            .Append("</select></label> ")
            .Append("<button name=\"decision\" value=\"accept\">Accept</button> <button name=\"decision\" value=\"decline\">Cancel</button></form>")
            .Append("</body></html>");
        return Results.Content(html.ToString(), "text/html; charset=utf-8");
    }

    public static async Task<IResult> AuthorizePostAsync(HttpContext context, string tenant, TenantDirectory directory, SignInGrants grants, TimeProvider time)
    {
        if (!context.Request.HasFormContentType)
        {
            return OAuthErrors.MissingParameter(time, "client_id");
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var check = CheckRequest(directory, time, tenant, form["client_id"], form["redirect_uri"]);
        if (check.Problem is not null)
        {
            return check.Problem;
        }

        var redirect = form["redirect_uri"].ToString();
        var state = form["state"].ToString();
        if (form["decision"] != "accept")
        {
            return Results.Redirect(With(redirect, ("error", "access_denied"), ("error_description", "AADSTS65004: User declined to consent to access the app."), ("state", state)));
        }

        var user = directory.Read(_ => check.Tenant!.Users.GetValueOrDefault(form["user"].ToString()));
        if (user is null || user.IsRoom)
        {
            return OAuthErrors.Error(time, 400, "invalid_request", 50034, "The user account does not exist in the directory.");
        }

        var scopes = form["scope"].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        directory.Change(_ =>
        {
            // Consent covers only what the registration lists: an unlisted permission never reaches the token.
            var key = (check.App!.AppId, user.Id);
            if (!check.Tenant!.DelegatedConsents.TryGetValue(key, out var granted))
            {
                check.Tenant.DelegatedConsents[key] = granted = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            }

            granted.UnionWith(scopes.Select(TokenEndpoint.GraphScope).Where(check.App.DelegatedPermissions.Contains));
        });
        var code = grants.IssueCode(new SignInGrant(check.Tenant!.Id, check.App!.AppId, user.Id, scopes, redirect));
        return Results.Redirect(With(redirect, ("code", code), ("state", state), ("session_state", Guid.NewGuid().ToString())));
    }

    public static IResult AdminConsent(HttpContext context, string tenant, TenantDirectory directory, TimeProvider time)
    {
        var query = context.Request.Query;
        var check = CheckRequest(directory, time, tenant, query["client_id"], query["redirect_uri"], allowForeignMultiTenant: true);
        if (check.Problem is not null)
        {
            return check.Problem;
        }

        var html = Header($"Grant admin consent for {check.Tenant!.DisplayName}")
            + $"<p><b>{E(check.App!.DisplayName)}</b> asks for these application permissions in <b>{E(check.Tenant.DisplayName)}</b>: <code>{E(string.Join(", ", check.App.ApplicationPermissions.Order()))}</code></p>"
            + "<form method=\"post\">" + Hidden(query, "client_id", "redirect_uri", "state")
            + "<button name=\"decision\" value=\"accept\">Accept</button> <button name=\"decision\" value=\"decline\">Cancel</button></form></body></html>";
        return Results.Content(html, "text/html; charset=utf-8");
    }

    public static async Task<IResult> AdminConsentPostAsync(HttpContext context, string tenant, TenantDirectory directory, TimeProvider time)
    {
        if (!context.Request.HasFormContentType)
        {
            return OAuthErrors.MissingParameter(time, "client_id");
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var check = CheckRequest(directory, time, tenant, form["client_id"], form["redirect_uri"], allowForeignMultiTenant: true);
        if (check.Problem is not null)
        {
            return check.Problem;
        }

        var redirect = form["redirect_uri"].ToString();
        if (form["decision"] != "accept")
        {
            return Results.Redirect(With(redirect, ("error", "access_denied"), ("error_description", "AADSTS65004: The administrator declined to consent."), ("state", form["state"].ToString())));
        }

        directory.Change(_ => check.Tenant!.AdminConsents.Add(check.App!.AppId));
        return Results.Redirect(With(redirect, ("admin_consent", "True"), ("tenant", check.Tenant!.Id), ("state", form["state"].ToString())));
    }

    /// <summary>The multi-tenant authorities: a single-tenant app cannot sign in there (AADSTS50194).</summary>
    private static readonly string[] CommonAuthorities = ["common", "organizations"];

    private static (Tenant? Tenant, AppRegistration? App, IResult? Problem) CheckRequest(
        TenantDirectory directory, TimeProvider time, string tenant, string? clientId, string? redirectUri, bool allowForeignMultiTenant = false) =>
        directory.Read<(Tenant?, AppRegistration?, IResult?)>(view =>
        {
            if (CommonAuthorities.Contains(tenant, StringComparer.OrdinalIgnoreCase))
            {
                // The app's home tenant answers for a multi-tenant app (the account picker would list any organization's accounts).
                var shared = string.IsNullOrEmpty(clientId) ? null : view.FindApp(clientId);
                return shared is null ? (null, null, OAuthErrors.AppNotInTenant(time, clientId ?? "", tenant))
                    : !shared.MultiTenant ? (null, null, OAuthErrors.NotMultiTenant(time, shared.AppId, shared.DisplayName))
                    : !shared.RedirectUris.Contains(redirectUri ?? "", StringComparer.Ordinal) ? (null, null, OAuthErrors.RedirectUriMismatch(time, redirectUri ?? "", shared.AppId))
                    : (view.FindTenant(shared.HomeTenantId), shared, null);
            }

            var tenantModel = view.FindTenant(tenant);
            if (tenantModel is null)
            {
                return (null, null, OAuthErrors.TenantNotFound(time, tenant));
            }

            var app = string.IsNullOrEmpty(clientId) ? null : view.FindApp(clientId);
            if (app is null || !(view.IsAppInTenant(app, tenantModel) || (allowForeignMultiTenant && app.MultiTenant)))
            {
                return (null, null, OAuthErrors.AppNotInTenant(time, clientId ?? "", tenant));
            }

            if (string.IsNullOrEmpty(redirectUri) || !app.RedirectUris.Contains(redirectUri, StringComparer.Ordinal))
            {
                return (null, null, OAuthErrors.RedirectUriMismatch(time, redirectUri ?? "", app.AppId));
            }

            return (tenantModel, app, null);
        });

    private static string With(string uri, params (string Key, string Value)[] parameters) =>
        uri + (uri.Contains('?') ? "&" : "?") + string.Join('&', parameters.Where(p => p.Value.Length > 0).Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}"));

    private static string Hidden(IQueryCollection query, params string[] names) =>
        string.Concat(names.Select(n => $"<input type=\"hidden\" name=\"{n}\" value=\"{E(query[n].ToString())}\">"));

    private static string Header(string title) =>
        $"<!doctype html><html><head><meta charset=\"utf-8\"><title>{E(title)}</title></head><body><h1>{E(title)}</h1><p><i>Microsoft identity platform (simulated)</i></p>";

    private static string E(string? text) => WebUtility.HtmlEncode(text ?? "");
}
