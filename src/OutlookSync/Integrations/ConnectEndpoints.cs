using System.Net;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Identity.Client;
using OutlookSync.Storage;

namespace OutlookSync.Integrations;

/// <summary>
/// Step 1 (consent) and Step 2 (connect): the admin API hands out the sign-in URLs, and the anonymous
/// redirect {base_url}/integrations/redirect/{id} receives Entra ID's answer. A redirect whose state was not
/// issued here (or has expired) is refused and changes nothing.
/// </summary>
public static class ConnectEndpoints
{
    private static readonly TimeSpan StateLifetime = TimeSpan.FromMinutes(15);
    private const string ConsentStep = "consent";
    private const string ConnectStep = "connect";

    public static IEndpointRouteBuilder MapConnect(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin/integrations/{id:int}").RequireAdminApiKey();
        admin.MapPost("/consent", (int id, SyncDbContext db, DelegatedSignIns signIns, TimeProvider time) => StartAsync(id, db, signIns, time, connect: false));
        admin.MapPost("/connect", (int id, SyncDbContext db, DelegatedSignIns signIns, TimeProvider time) => StartAsync(id, db, signIns, time, connect: true));
        app.MapGet("/integrations/redirect/{id:int}", RedirectAsync).AllowAnonymous();
        return app;
    }

    private static async Task<IResult> StartAsync(int id, SyncDbContext db, DelegatedSignIns signIns, TimeProvider time, bool connect)
    {
        var integration = await db.Integrations.FirstOrDefaultAsync(i => i.Id == id);
        if (integration is null)
        {
            return Results.NotFound();
        }

        var (url, problem) = await StartStepAsync(integration, db, signIns, time, connect);
        return url is not null ? Results.Ok(new { url, redirectUri = signIns.RedirectUri(id) })
            : connect && integration.Mode != IntegrationMode.Delegated ? Results.ValidationProblem(new Dictionary<string, string[]> { ["mode"] = [problem!] })
            : Results.Problem(problem, statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    /// <summary>
    /// Step 1 (consent) or Step 2 (connect): a fresh state remembered with the step, and the Entra ID URL to
    /// send the person to; or why it cannot start.
    /// </summary>
    public static async Task<(Uri? Url, string? Problem)> StartStepAsync(Integration integration, SyncDbContext db, DelegatedSignIns signIns, TimeProvider time, bool connect)
    {
        if (connect && integration.Mode != IntegrationMode.Delegated)
        {
            return (null, "Connect (Step 2) signs in the service account of mode A; mode B needs only admin consent (Step 1).");
        }

        if (!signIns.HasRedirectUri)
        {
            return (null, "Graph:PublicBaseUrl is not set: Entra ID must redirect to {Graph:PublicBaseUrl}integrations/redirect/{id} (TEST-03, PROD-04).");
        }

        integration.PendingState = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        integration.PendingStateExpires = time.GetUtcNow() + StateLifetime;
        integration.PendingStep = connect ? ConnectStep : ConsentStep;
        await db.SaveChangesAsync();
        var url = connect || integration.Mode == IntegrationMode.Delegated
            ? signIns.AuthorizeUrl(integration, integration.PendingState, consent: !connect)
            : signIns.AdminConsentUrl(integration, integration.PendingState);
        return (url, null);
    }

    private static async Task<IResult> RedirectAsync(int id, HttpRequest request, SyncDbContext db, DelegatedSignIns signIns, TimeProvider time, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(ConnectEndpoints));
        var query = request.Query;
        var integration = await db.Integrations.FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
        var state = query["state"].ToString();
        if (integration is null || integration.PendingState is null || state.Length == 0
            || !CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(state), System.Text.Encoding.ASCII.GetBytes(integration.PendingState))
            || integration.PendingStateExpires <= time.GetUtcNow())
        {
            return Page(400, "This sign-in was not started here or has expired. Start consent or connect again from the auth screen.");
        }

        var step = integration.PendingStep;
        (integration.PendingState, integration.PendingStep) = (null, null);
        if (query["error"].FirstOrDefault() is { } error)
        {
            // Entra ID's own words for the operator; capped, as anyone holding the link can append to it.
            var problem = $"{error}: {query["error_description"]}";
            integration.AuthProblem = problem.Length > 1000 ? problem[..1000] + "…" : problem;
            await db.SaveChangesAsync(cancellationToken);
            return Outcome(request, id, step, ok: false, $"Entra ID refused: {integration.AuthProblem}");
        }

        if (query["admin_consent"] == "True")
        {
            (integration.ConsentGranted, integration.ConsentGrantedAt, integration.AuthProblem) = (true, time.GetUtcNow(), null);
            await db.SaveChangesAsync(cancellationToken);
            return Outcome(request, id, ConsentStep, ok: true, "Admin consent granted (Step 1). Mode B can now be activated.");
        }

        if (query["code"].FirstOrDefault() is not { Length: > 0 } code)
        {
            return Outcome(request, id, step, ok: false, "The redirect carried neither a code nor an error.");
        }

        if (step == ConsentStep)
        {
            // Step 1 of mode A: an administrator consented for the organization. Learn who, keep nothing else:
            // the service account is connected in Step 2, and must not be this administrator (TEST-08).
            try
            {
                integration.ConsentedBy = await signIns.IdentifyAsync(integration, code, cancellationToken);
                (integration.ConsentGranted, integration.ConsentGrantedAt, integration.AuthProblem) = (true, time.GetUtcNow(), null);
                await db.SaveChangesAsync(cancellationToken);
                return Outcome(request, id, ConsentStep, ok: true, $"Consent granted by {integration.ConsentedBy} (Step 1). Now connect the dedicated service account (Step 2).");
            }
            catch (MsalException ex)
            {
                integration.AuthProblem = GraphProblems.Stable(ex.Message);
                await db.SaveChangesAsync(cancellationToken);
                return Outcome(request, id, ConsentStep, ok: false, $"Consent failed: {integration.AuthProblem}");
            }
        }

        try
        {
            var result = await signIns.RedeemAsync(integration, code, cancellationToken);
            (integration.ConsentGranted, integration.ConnectedAt, integration.AuthProblem) = (true, time.GetUtcNow(), null);
            integration.ConsentGrantedAt ??= time.GetUtcNow();
            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("Integration {IntegrationId} connected as {User}", id, result.Account.Username);
            return Outcome(request, id, ConnectStep, ok: true, $"Connected as {result.Account.Username} (Step 2).");
        }
        catch (MsalException ex)
        {
            integration.AuthProblem = GraphProblems.Stable(ex.Message);
            await db.SaveChangesAsync(cancellationToken);
            logger.LogWarning("Connect for integration {IntegrationId} failed: {Problem}", id, integration.AuthProblem);
            return Outcome(request, id, ConnectStep, ok: false, $"Connecting failed: {integration.AuthProblem}");
        }
    }

    /// <summary>
    /// An operator signed in to the screens lands back on the auth screen, whose banner tells the outcome from
    /// the stored state (never from the URL); anyone else gets a plain page saying it.
    /// </summary>
    private static IResult Outcome(HttpRequest request, int id, string? step, bool ok, string message) =>
        request.HttpContext.User.Identity?.IsAuthenticated == true
            ? Results.Redirect($"/integrations/{id}/auth?step={step ?? ConsentStep}&result={(ok ? "ok" : "failed")}")
            : Page(ok ? 200 : 400, message + " Sign in to the screens and open the integration's auth screen to continue.");

    private static IResult Page(int status, string message) =>
        Results.Content($"<!doctype html><html><head><meta charset=\"utf-8\"><title>Outlook integration</title></head><body><p id=\"message\">{WebUtility.HtmlEncode(message)}</p></body></html>", "text/html; charset=utf-8", statusCode: status);
}
