using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GraphSimulator.Identity;

/// <summary>Who is calling Graph: decoded from the bearer token the simulator issued.</summary>
public sealed record GraphCaller(
    string TenantId,
    string AppId,
    string? UserId,
    string? UserPrincipalName,
    IReadOnlySet<string> Roles,
    IReadOnlySet<string> Scopes,
    DateTimeOffset ExpiresAt)
{
    public bool IsAppOnly => UserId is null;

    /// <summary>
    /// The caller's object id: the signed-in user, or the app's service principal in the tenant (an id of its
    /// own, not the appId: Graph writes it as an app-only token's oid and a subscription's creatorId).
    /// </summary>
    public string ObjectId => UserId ?? ServicePrincipalId(TenantId, AppId);

    /// <summary>A stable id per app and tenant, as Entra ID gives each tenant its own service principal of an app.</summary>
    public static string ServicePrincipalId(string tenantId, string appId) =>
        new Guid(SHA256.HashData(Encoding.UTF8.GetBytes($"service-principal|{tenantId}|{appId}"))[..16]).ToString();

    /// <summary>Application roles for app-only tokens, delegated scopes for user tokens.</summary>
    public bool HasPermission(string permission) => IsAppOnly ? Roles.Contains(permission) : Scopes.Contains(permission);
}

/// <summary>
/// Issues and reads JWTs shaped like Entra ID's (tid, appid, oid, roles or scp, exp), signed with a key
/// that lives as long as the simulator process: a token from elsewhere is rejected.
/// </summary>
public sealed class AccessTokens(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    public string Issue(GraphCaller caller)
    {
        var now = time.GetUtcNow();
        var payload = new JsonObject
        {
            ["aud"] = "https://graph.microsoft.com",
            ["iss"] = $"https://sts.windows.net/{caller.TenantId}/",
            ["iat"] = now.ToUnixTimeSeconds(),
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["exp"] = caller.ExpiresAt.ToUnixTimeSeconds(),
            ["tid"] = caller.TenantId,
            ["appid"] = caller.AppId,
            ["idtyp"] = caller.IsAppOnly ? "app" : "user",
            ["oid"] = caller.ObjectId,
            ["uti"] = Guid.NewGuid().ToString("N"),
        };
        if (caller.IsAppOnly)
        {
            payload["roles"] = new JsonArray(caller.Roles.Order().Select(r => (JsonNode)r).ToArray());
        }
        else
        {
            payload["upn"] = caller.UserPrincipalName;
            payload["scp"] = string.Join(' ', caller.Scopes.Order());
        }

        var header = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new { typ = "JWT", alg = "HS256" }));
        var body = Base64Url(Encoding.UTF8.GetBytes(payload.ToJsonString()));
        return $"{header}.{body}.{Sign(header + "." + body)}";
    }

    /// <summary>The caller, or why the token is refused (Graph's 401 message).</summary>
    public (GraphCaller? Caller, string? Problem) Read(string? token)
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            return (null, "Access token is empty.");
        }

        var parts = token.Split('.');
        if (parts.Length != 3 || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(parts[0] + "." + parts[1])), Encoding.ASCII.GetBytes(parts[2])))
        {
            return (null, "Access token validation failure. Invalid audience.");
        }

        JsonObject claims;
        try
        {
            claims = JsonNode.Parse(FromBase64Url(parts[1]))!.AsObject();
        }
        catch (Exception ex) when (ex is JsonException or FormatException)
        {
            return (null, "Access token validation failure.");
        }

        var expires = DateTimeOffset.FromUnixTimeSeconds(claims["exp"]!.GetValue<long>());
        if (expires <= time.GetUtcNow())
        {
            return (null, "Lifetime validation failed, the token is expired.");
        }

        var appOnly = claims["idtyp"]?.GetValue<string>() == "app";
        var roles = claims["roles"]?.AsArray().Select(r => r!.GetValue<string>()).ToHashSet(StringComparer.OrdinalIgnoreCase) ?? [];
        var scopes = (claims["scp"]?.GetValue<string>() ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return (new GraphCaller(
            claims["tid"]!.GetValue<string>(),
            claims["appid"]!.GetValue<string>(),
            appOnly ? null : claims["oid"]!.GetValue<string>(),
            appOnly ? null : claims["upn"]?.GetValue<string>(),
            roles,
            scopes,
            expires), null);
    }

    private string Sign(string data) => Base64Url(HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(data)));

    internal static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded.PadRight(padded.Length + ((4 - (padded.Length % 4)) % 4), '='));
    }
}
