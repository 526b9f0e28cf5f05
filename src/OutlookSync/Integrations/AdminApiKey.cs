using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using OutlookSync.Diagnostics;

namespace OutlookSync.Integrations;

/// <summary>
/// The admin JSON API is for operators only: every call needs the X-Api-Key header matching Admin:ApiKey.
/// With no key configured the API is closed (503), never open. Wrong keys are rate limited per client
/// address: after Admin:FailedAttemptsPerMinute (10) failures in a minute that address gets 429, even with
/// the right key, until the window ends, so guessing is slow and every guess is logged.
/// </summary>
public static class AdminApiKey
{
    public const string Header = "X-Api-Key";

    public const int MinimumProductionLength = 32;

    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    public static RouteGroupBuilder RequireAdminApiKey(this RouteGroupBuilder group) =>
        group.AddEndpointFilter(async (invocation, next) =>
        {
            var context = invocation.HttpContext;
            var expected = context.RequestServices.GetRequiredService<IConfiguration>()["Admin:ApiKey"];
            if (string.IsNullOrEmpty(expected))
            {
                return Results.Problem("The admin API is disabled: set Admin:ApiKey.", statusCode: StatusCodes.Status503ServiceUnavailable);
            }

            var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            var failures = context.RequestServices.GetRequiredService<FailedKeyAttempts>().Limiter;
            if (failures.GetStatistics(address) is { CurrentAvailablePermits: <= 0 })
            {
                context.Response.Headers.RetryAfter = ((int)Window.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return Results.Problem($"Too many wrong X-Api-Key attempts from this address; try again in a minute.", statusCode: StatusCodes.Status429TooManyRequests);
            }

            var given = context.Request.Headers[Header].ToString();
            if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected)))
            {
                using var lease = failures.AttemptAcquire(address);
                var left = failures.GetStatistics(address)?.CurrentAvailablePermits ?? 0;
                context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AdminApiKey)).LogWarning(
                    "Wrong or missing X-Api-Key from {Address} for {Path} ({Left} more attempt(s) this minute before it is refused)",
                    LogValue.Safe(address, 45), LogValue.Safe(context.Request.Path.Value), left);
                return Results.Problem("Missing or wrong X-Api-Key.", statusCode: StatusCodes.Status401Unauthorized);
            }

            return await next(invocation);
        });

    /// <summary>In Production a short key is refused at start: it would be guessed.</summary>
    public static IServiceCollection AddAdminApiKeyRules(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddOptions<AdminOptions>().Bind(configuration.GetSection(AdminOptions.SectionName))
            .Validate(o => !environment.IsProduction() || string.IsNullOrEmpty(o.ApiKey) || o.ApiKey.Length >= MinimumProductionLength,
                $"Admin:ApiKey is shorter than {MinimumProductionLength} characters; in Production use a long random key (e.g. openssl rand -hex 32), or leave it empty to close the admin API.")
            .Validate(o => o.FailedAttemptsPerMinute > 0, "Admin:FailedAttemptsPerMinute must be positive.")
            .ValidateOnStart();
        services.AddSingleton<FailedKeyAttempts>();
        return services;
    }
}

public sealed class AdminOptions
{
    public const string SectionName = "Admin";

    public string? ApiKey { get; set; }

    /// <summary>Wrong keys allowed per client address and minute before that address is refused (429).</summary>
    public int FailedAttemptsPerMinute { get; set; } = 10;
}

/// <summary>Wrong-key attempts per client address (ASP.NET Core's rate limiting primitives), counted only on failure.</summary>
public sealed class FailedKeyAttempts(Microsoft.Extensions.Options.IOptions<AdminOptions> options) : IDisposable
{
    public PartitionedRateLimiter<string> Limiter { get; } = PartitionedRateLimiter.Create<string, string>(address =>
        RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions { PermitLimit = options.Value.FailedAttemptsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));

    public void Dispose() => Limiter.Dispose();
}
