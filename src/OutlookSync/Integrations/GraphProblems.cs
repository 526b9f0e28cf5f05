using Azure.Identity;
using Microsoft.Graph.Models.ODataErrors;

namespace OutlookSync.Integrations;

/// <summary>Turns Graph and sign-in errors into what the operator must do, naming the checklist item.</summary>
public static class GraphProblems
{
    public static string Explain(ODataError error, string mailbox, string webhook)
    {
        var code = error.Error?.Code ?? "";
        var message = error.Error?.Message ?? error.Message;
        return (error.ResponseStatusCode, code) switch
        {
            (403, _) when message.Contains("OData is disabled", StringComparison.OrdinalIgnoreCase) =>
                $"{mailbox} is outside the ApplicationAccessPolicy group: add the room to the security group the policy names (TEST-07, PROD-03).",
            (403, _) =>
                $"Access to {mailbox} denied: grant the application permission Calendars.ReadWrite and admin consent in this tenant (TEST-06, PROD-02).",
            (404, "ErrorInvalidUser") =>
                $"No mailbox {mailbox} in the tenant: check the room's UPN (TEST-09, PROD-07).",
            (404, "MailboxNotEnabledForRESTAPI") =>
                $"{mailbox} has no Exchange Online mailbox (unlicensed or on-premises) (TEST-09).",
            (400, "ValidationError") or (400, "InvalidRequest") when message.Contains("validation", StringComparison.OrdinalIgnoreCase) =>
                $"Graph could not validate the webhook {webhook}: it must be publicly reachable and echo validationToken (INFRA-1, TEST-10, PROD-05).",
            _ => $"Graph refused the subscription for {mailbox}: {error.ResponseStatusCode} {code} {message}",
        };
    }

    public static string Explain(AuthenticationFailedException error)
    {
        // The AADSTS code sits in the inner exception's message (MSAL's), not in Azure.Identity's own.
        var text = string.Join(" ", Chain(error).Select(e => e.Message));
        return text switch
        {
            _ when text.Contains("AADSTS7000215") => "Sign-in failed: the client secret is wrong (use the secret's value, not its ID) (TEST-02, TEST-04).",
            _ when text.Contains("AADSTS7000222") => "Sign-in failed: the client secret has expired; create a new one and update the integration (PROD-01).",
            _ when text.Contains("AADSTS700016") => "Sign-in failed: the application is not registered in this tenant (single-tenant app in another tenant?) (TEST-01, PROD-01).",
            _ when text.Contains("AADSTS90002") => "Sign-in failed: no such tenant; check the directory (tenant) ID (TEST-04).",
            _ => "Sign-in failed: " + Stable(text.Split('\n').FirstOrDefault(l => l.Contains("AADSTS", StringComparison.Ordinal)) ?? text),
        };
    }

    /// <summary>Any sign-in failure: the app's (mode B, Azure.Identity) or the connected service account's (mode A, MSAL).</summary>
    public static string ExplainSignIn(Exception error) =>
        error is AuthenticationFailedException auth
            ? Explain(auth)
            : $"The service account's sign-in no longer works: {Stable(error.Message)} Run Step 2 (connect) again (TEST-08, TEST-13).";

    /// <summary>
    /// The first line of an Entra ID error without its trace and correlation IDs and timestamp: those differ on
    /// every attempt, and an unchanged problem must stay the same text (it is e-mailed only when it changes).
    /// </summary>
    public static string Stable(string message)
    {
        var line = message.Split('\n')[0];
        var trace = line.IndexOf(" Trace ID:", StringComparison.Ordinal);
        return (trace < 0 ? line : line[..trace]).Trim();
    }

    /// <summary>
    /// What the operator must do about any failure of a Graph or sign-in call: Graph's refusals, sign-in
    /// failures, and transport faults (Graph or the sign-in endpoint unreachable, timed out, or answering
    /// something unreadable). Null for anything else, which is a bug and must surface as one.
    /// </summary>
    public static string? Of(Exception error, string mailbox, string webhook = "") => error switch
    {
        ODataError graph => Explain(graph, mailbox, webhook),
        _ when Transport(error) is { } transport => transport,
        AuthenticationFailedException or Microsoft.Identity.Client.MsalException => ExplainSignIn(error),
        // The SDK and MSAL raise this for a stored token cache or account they cannot use.
        InvalidOperationException when error.GetType() == typeof(InvalidOperationException) => ExplainSignIn(error),
        _ => null,
    };

    /// <summary>Graph or the sign-in endpoint could not be reached or did not answer properly: retrying later may help.</summary>
    public static string? Transport(Exception error)
    {
        var chain = Chain(error).ToList();
        var signIn = chain.Any(e => e is AuthenticationFailedException or Microsoft.Identity.Client.MsalException);
        var where = signIn ? "The sign-in endpoint (Graph:AuthorityHost)" : "Graph (Graph:BaseUrl)";
        return chain.FirstOrDefault(e => e is HttpRequestException or TimeoutException or System.Text.Json.JsonException or IOException or InvalidDataException) switch
        {
            HttpRequestException http => $"{where} could not be reached: {Stable(http.Message)} Check the setting and that this host may call it over https.",
            TimeoutException => $"{where} did not answer in time; the next attempt retries.",
            System.Text.Json.JsonException or IOException or InvalidDataException => $"{where} sent a response that could not be read (cut off or malformed); the next attempt retries.",
            _ => null,
        };
    }

    private static IEnumerable<Exception> Chain(Exception error)
    {
        for (var current = error; current is not null; current = current.InnerException)
        {
            yield return current;
        }
    }
}
