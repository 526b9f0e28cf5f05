namespace OutlookSync.Integrations;

/// <summary>Entra ID's refusals (AADSTS codes, OAuth errors) turned into what the operator should do.</summary>
public static class AuthFixes
{
    public static string? Explain(string? problem, Uri? redirectUri) => problem switch
    {
        null => null,
        _ when problem.Contains("AADSTS50011", StringComparison.Ordinal) =>
            $"The redirect URI is not registered on the app registration: register this redirect URI: {redirectUri} (Authentication, platform Web) (TEST-03, PROD-04).",
        _ when problem.Contains("AADSTS65001", StringComparison.Ordinal) =>
            "Consent is missing: add the permission Calendars.ReadWrite for this mode to the app registration and run Step 1 again (TEST-05, TEST-06).",
        _ when problem.Contains("AADSTS700016", StringComparison.Ordinal) =>
            "The client ID is wrong, or the app is registered in another tenant: copy the application (client) ID from the app registration in this tenant (TEST-01, TEST-04).",
        _ when problem.Contains("AADSTS90002", StringComparison.Ordinal) =>
            "No such tenant: copy the directory (tenant) ID from the app registration's overview (TEST-04).",
        _ when problem.Contains("AADSTS7000215", StringComparison.Ordinal) =>
            "The client secret is wrong: paste the secret's value, not its ID (TEST-02).",
        _ when problem.Contains("AADSTS7000222", StringComparison.Ordinal) =>
            "The client secret has expired: create a new one and set it in the settings (PROD-01).",
        _ when problem.Contains("AADSTS65004", StringComparison.Ordinal) || problem.Contains("access_denied", StringComparison.Ordinal) =>
            "Consent was declined: run the step again and accept (an administrator must accept for application mode).",
        _ when problem.Contains("AADSTS50173", StringComparison.Ordinal) =>
            "The service account's sign-in was revoked: run Step 2 (connect) again.",
        _ => "Check the app registration against the guide's STEP-1 and STEP-2, then run the step again.",
    };
}
