using System.Security.Cryptography;
using System.Text;

namespace OutlookSync.Integrations;

/// <summary>
/// The admin JSON API is for operators only: every call needs the X-Api-Key header matching Admin:ApiKey.
/// With no key configured the API is closed (503), never open.
/// </summary>
public static class AdminApiKey
{
    public const string Header = "X-Api-Key";

    public static RouteGroupBuilder RequireAdminApiKey(this RouteGroupBuilder group) =>
        group.AddEndpointFilter(async (invocation, next) =>
        {
            var context = invocation.HttpContext;
            var expected = context.RequestServices.GetRequiredService<IConfiguration>()["Admin:ApiKey"];
            if (string.IsNullOrEmpty(expected))
            {
                return Results.Problem("The admin API is disabled: set Admin:ApiKey.", statusCode: StatusCodes.Status503ServiceUnavailable);
            }

            var given = context.Request.Headers[Header].ToString();
            if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected)))
            {
                return Results.Problem("Missing or wrong X-Api-Key.", statusCode: StatusCodes.Status401Unauthorized);
            }

            return await next(invocation);
        });
}
