using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OutlookSync.Integrations;
using OutlookSync.Storage;

namespace OutlookSync.Pages.Integrations;

/// <summary>What the integration screens share: loading the integration, field errors from the settings service, the banner.</summary>
public abstract class IntegrationPage(SyncDbContext db) : PageModel
{
    protected SyncDbContext Db => db;

    public Integration? Integration { get; private set; }

    protected async Task<bool> LoadAsync(int id, CancellationToken cancellationToken)
    {
        Integration = await db.Integrations.Include(i => i.Mappings).FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
        return Integration is not null;
    }

    /// <summary>The first message for a field, shown beside it.</summary>
    public string? Error(string field) =>
        ModelState.TryGetValue(field, out var entry) && entry.Errors.Count > 0 ? entry.Errors[0].ErrorMessage : null;

    protected void AddErrors(Dictionary<string, string[]> errors)
    {
        foreach (var (field, messages) in errors)
        {
            foreach (var message in messages)
            {
                ModelState.AddModelError(field, message);
            }
        }
    }

    /// <summary>The screen again with the messages beside their fields, as a 400: the input was refused and nothing changed.</summary>
    protected PageResult Refused()
    {
        var page = Page();
        page.StatusCode = StatusCodes.Status400BadRequest;
        return page;
    }

    protected IActionResult RedirectWithBanner(string url, string message, bool ok = true)
    {
        TempData["Banner"] = message;
        TempData["BannerKind"] = ok ? "ok" : "bad";
        return Redirect(url);
    }
}
