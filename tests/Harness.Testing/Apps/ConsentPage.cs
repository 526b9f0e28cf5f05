using System.Web;

namespace Harness.Testing.Apps;

/// <summary>What a person does on the simulator's sign-in/consent page: pick the account, accept, follow the redirect.</summary>
public static class ConsentPage
{
    /// <summary>Opens the authorize URL, submits the form as the user, and answers with where Entra ID redirects.</summary>
    public static async Task<Uri> AcceptAsync(SimulatorApp simulator, Uri authorizeUrl, string userId)
    {
        using var http = simulator.CreateHttpClient();
        var page = await http.GetAsync(authorizeUrl);
        if (!page.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"The sign-in page answered {(int)page.StatusCode}: {await page.Content.ReadAsStringAsync()}");
        }

        var query = HttpUtility.ParseQueryString(authorizeUrl.Query);
        var form = new Dictionary<string, string> { ["user"] = userId, ["decision"] = "accept" };
        foreach (var name in new[] { "client_id", "redirect_uri", "scope", "state", "response_type" })
        {
            form[name] = query[name] ?? "";
        }

        var answer = await http.PostAsync(authorizeUrl.GetLeftPart(UriPartial.Path), new FormUrlEncodedContent(form));
        return answer.Headers.Location ?? throw new InvalidOperationException($"Consent did not redirect: {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
    }
}
