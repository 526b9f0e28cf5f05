using System.Globalization;

namespace GraphSimulator.Identity;

/// <summary>Entra ID's OAuth error body, with the AADSTS codes operators search for.</summary>
public static class OAuthErrors
{
    public static IResult Error(TimeProvider time, int status, string error, int aadsts, string description)
    {
        var now = time.GetUtcNow();
        var traceId = Guid.NewGuid().ToString();
        var correlationId = Guid.NewGuid().ToString();
        return Results.Json(
            new
            {
                error,
                error_description = $"AADSTS{aadsts}: {description} Trace ID: {traceId} Correlation ID: {correlationId} Timestamp: {now.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture)}",
                error_codes = new[] { aadsts },
                timestamp = now.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                trace_id = traceId,
                correlation_id = correlationId,
            },
            statusCode: status);
    }

    public static IResult TenantNotFound(TimeProvider time, string tenant) =>
        Error(time, 400, "invalid_request", 90002, $"Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.");

    public static IResult AppNotInTenant(TimeProvider time, string appId, string tenant) =>
        Error(time, 400, "unauthorized_client", 700016, $"Application with identifier '{appId}' was not found in the directory '{tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.");

    public static IResult InvalidSecret(TimeProvider time, string appId) =>
        Error(time, 401, "invalid_client", 7000215, $"Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '{appId}'.");

    public static IResult ExpiredSecret(TimeProvider time, string appId) =>
        Error(time, 401, "invalid_client", 7000222, $"The provided client secret keys for app '{appId}' are expired. Visit the Azure portal to create new keys for your app.");

    public static IResult ConsentMissing(TimeProvider time, string appId, string appName) =>
        Error(time, 400, "invalid_grant", 65001, $"The user or administrator has not consented to use the application with ID '{appId}' named '{appName}'. Send an interactive authorization request for this user and resource.");

    public static IResult RedirectUriMismatch(TimeProvider time, string redirectUri, string appId) =>
        Error(time, 400, "invalid_request", 50011, $"The redirect URI '{redirectUri}' specified in the request does not match the redirect URIs configured for the application '{appId}'. Make sure the redirect URI sent in the request matches one added to your application in the Azure portal.");

    public static IResult NotMultiTenant(TimeProvider time, string appId, string appName) =>
        Error(time, 400, "invalid_request", 50194, $"Application '{appId}'({appName}) is not configured as a multi-tenant application. Usage of the /common endpoint is not supported for such applications created after '10/15/2018'. Use a tenant-specific endpoint or configure the application to be multi-tenant.");

    public static IResult InvalidScope(TimeProvider time, string scope) =>
        Error(time, 400, "invalid_scope", 70011, $"The provided request must include a 'scope' input parameter. The provided value for the input parameter 'scope' ('{scope}') is not valid.");

    public static IResult UnsupportedGrant(TimeProvider time, string? grant) =>
        Error(time, 400, "unsupported_grant_type", 70003, $"The app requested an unsupported grant type '{grant}'.");

    public static IResult InvalidGrant(TimeProvider time, string what) =>
        Error(time, 400, "invalid_grant", 70000, $"The provided value for the input parameter '{what}' is not valid. The code or token is expired, was already used or was issued to another client.");

    public static IResult GrantRevoked(TimeProvider time) =>
        Error(time, 400, "invalid_grant", 50173, "The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password.");

    public static IResult MissingParameter(TimeProvider time, string parameter) =>
        Error(time, 400, "invalid_request", 900144, $"The request body must contain the following parameter: '{parameter}'.");
}
