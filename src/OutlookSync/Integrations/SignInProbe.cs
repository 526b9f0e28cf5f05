using System.Text.RegularExpressions;
using System.Web;
using Microsoft.Extensions.Options;

namespace OutlookSync.Integrations;

/// <summary>
/// Asks Entra ID's authorize endpoint what it makes of the app registration, without signing anyone in:
/// Entra ID checks the client, the tenant and the redirect URI before it shows its sign-in page, and names
/// any problem with an AADSTS code (on its error page, or in an error redirect). No code is ever issued.
/// </summary>
public sealed partial class SignInProbe(IHttpClientFactory http, IOptions<GraphOptions> options)
{
    /// <summary>The AADSTS code Entra ID answered with (null: it would show its sign-in page), and its words.</summary>
    public sealed record Answer(int? Code, string Description)
    {
        public bool Accepted => Code is null;
    }

    public async Task<Answer> AuthorizeAsync(string tenant, string clientId, Uri redirectUri, CancellationToken cancellationToken)
    {
        var url = new Uri($"{options.Value.AuthorityHost}{Uri.EscapeDataString(tenant)}/oauth2/v2.0/authorize?client_id={Uri.EscapeDataString(clientId)}"
            + $"&response_type=code&response_mode=query&scope=openid&state=readiness-probe&redirect_uri={Uri.EscapeDataString(redirectUri.ToString())}");
        using var response = await http.CreateClient(GraphClients.IdentityHttpClient).GetAsync(url, cancellationToken);
        var text = response.Headers.Location is { } location
            ? HttpUtility.ParseQueryString(location.Query)["error_description"] ?? ""
            : await response.Content.ReadAsStringAsync(cancellationToken);
        var match = Aadsts().Match(text);
        return match.Success
            ? new Answer(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), GraphProblems.Stable(text[match.Index..].Split('"')[0]))
            : new Answer(null, "");
    }

    [GeneratedRegex(@"AADSTS(\d+)")]
    private static partial Regex Aadsts();
}
