using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OutlookSync.Operators;

namespace OutlookSync.Pages;

public sealed class SignInModel(OperatorAccounts accounts) : PageModel
{
    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Problem { get; private set; }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!OperatorAccounts.IsValidName(Name) || string.IsNullOrEmpty(Password) || Password.Length > 200)
        {
            Problem = "Wrong name or password.";
            return Refused();
        }

        var result = await accounts.SignInAsync(Name!, Password, cancellationToken);
        if (result.Operator is null)
        {
            Problem = result.Problem;
            return Refused();
        }

        await OperatorScreens.SignInAsync(HttpContext, result.Operator);

        // Only back to a page of this service: a return URL is the caller's text.
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/integrations");
    }

    /// <summary>The sign-in page again with the problem, as a 401.</summary>
    private PageResult Refused()
    {
        var page = Page();
        page.StatusCode = StatusCodes.Status401Unauthorized;
        return page;
    }
}
