using Microsoft.AspNetCore.Mvc;
using OutlookSync.Integrations;
using OutlookSync.Storage;

namespace OutlookSync.Pages.Integrations;

public sealed class NewModel(SyncDbContext db, IntegrationSettings settings) : IntegrationPage(db)
{
    [BindProperty]
    public IntegrationFields Fields { get; set; } = new(null, "Application", null, null, null, null);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var (integration, errors) = await settings.CreateAsync(Fields, cancellationToken);
        if (integration is null)
        {
            AddErrors(errors);
            return Refused();
        }

        return RedirectWithBanner($"/integrations/{integration.Id}/settings", $"Integration \"{integration.Name}\" created. Register its redirect URI on the app registration, then map calendars.");
    }
}
