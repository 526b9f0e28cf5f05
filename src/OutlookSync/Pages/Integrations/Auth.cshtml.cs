using Microsoft.AspNetCore.Mvc;
using OutlookSync.Integrations;
using OutlookSync.Storage;

namespace OutlookSync.Pages.Integrations;

/// <summary>
/// The auth screen (TEST-13): Step 1 consent and Step 2 connect with their state, Entra ID's refusals
/// turned into fixes, and what Entra ID says of the app registration and the redirect URI right now.
/// </summary>
public sealed class AuthModel(SyncDbContext db, DelegatedSignIns signIns, SignInProbe probe, TimeProvider time) : IntegrationPage(db)
{
    public sealed record StepState(string Text, string Css);

    public Uri? RedirectUri => signIns.HasRedirectUri ? signIns.RedirectUri(Integration!.Id) : null;

    public string? Banner { get; private set; }

    public bool BannerOk { get; private set; }

    /// <summary>A refusal Entra ID would give to Step 1 now (unknown tenant or app, redirect URI not registered), with the fix.</summary>
    public string? EntraSays { get; private set; }

    public StepState ConsentState => Integration!.ConsentGranted
        ? new($"Done on {Integration.ConsentGrantedAt:yyyy-MM-dd HH:mm} UTC{(Integration.ConsentedBy is { } by ? $" by {by}" : "")}.", "done")
        : LastFailure is { } failure && (StepOfFailure is "consent" || Integration.Mode == IntegrationMode.Application) ? failure : new("Not started.", "pending");

    public StepState ConnectState => Integration!.ConnectedUser is { } user
        ? new($"Connected as {user}{(Integration.ConnectedAt is { } at ? $" on {at:yyyy-MM-dd HH:mm} UTC" : "")}.", "done")
        : LastFailure is { } failure && StepOfFailure is "connect" ? failure : new("Not connected.", "pending");

    [BindProperty(SupportsGet = true, Name = "step")]
    public string? StepOfFailure { get; set; }

    private StepState? LastFailure => Integration!.AuthProblem is { } problem
        ? new($"Failed: {problem} — {AuthFixes.Explain(problem, RedirectUri)}", "failed")
        : null;

    public async Task<IActionResult> OnGetAsync(int id, string? result, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        if (result is "ok" or "failed")
        {
            // The outcome of the redirect, told from what is stored (the URL only says which step).
            var failed = result == "failed" && Integration!.AuthProblem is not null;
            BannerOk = !failed;
            Banner = failed
                ? $"Entra ID refused {(StepOfFailure == "connect" ? "Step 2" : "Step 1")}: {Integration!.AuthProblem} {AuthFixes.Explain(Integration.AuthProblem, RedirectUri)}"
                : StepOfFailure == "connect" ? ConnectState.Text : ConsentState.Text;
        }

        EntraSays = await CheckWithEntraAsync(cancellationToken);
        return Page();
    }

    public Task<IActionResult> OnPostConsentAsync(int id, CancellationToken cancellationToken) => StartAsync(id, connect: false, cancellationToken);

    public Task<IActionResult> OnPostConnectAsync(int id, CancellationToken cancellationToken) => StartAsync(id, connect: true, cancellationToken);

    /// <summary>Sends the browser to Entra ID's consent or sign-in page; it comes back through the redirect URI to this screen.</summary>
    private async Task<IActionResult> StartAsync(int id, bool connect, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        var (url, problem) = await ConnectEndpoints.StartStepAsync(Integration!, Db, signIns, time, connect);
        return url is null ? RedirectWithBanner($"/integrations/{id}/auth", problem!, ok: false) : Redirect(url.ToString());
    }

    private async Task<string?> CheckWithEntraAsync(CancellationToken cancellationToken)
    {
        if (RedirectUri is null)
        {
            return null;
        }

        try
        {
            var answer = await probe.AuthorizeAsync(Integration!.TenantId, Integration.ClientId, RedirectUri, cancellationToken);
            return answer.Accepted ? null : $"{answer.Description} {AuthFixes.Explain($"AADSTS{answer.Code}", RedirectUri)}";
        }
        catch (HttpRequestException ex)
        {
            return $"the sign-in endpoint could not be reached ({ex.Message}): check Graph:AuthorityHost.";
        }
    }
}
