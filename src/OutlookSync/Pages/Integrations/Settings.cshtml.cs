using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using OutlookSync.Bookings;
using OutlookSync.Integrations;
using OutlookSync.Storage;
using OutlookSync.Subscriptions;

namespace OutlookSync.Pages.Integrations;

/// <summary>The configuration screen (TEST-14, STEP-5): auth fields, mode, calendars and their objects, inbound behaviour, active.</summary>
public sealed class SettingsModel(SyncDbContext db, IntegrationSettings settings, DelegatedSignIns signIns, SubscriptionManager subscriptions) : IntegrationPage(db)
{
    [BindProperty]
    public IntegrationFields Fields { get; set; } = new(null, null, null, null, null, null);

    [BindProperty]
    public InboundFields Inbound { get; set; } = new(null, null, null, null);

    [BindProperty]
    public string? Mailbox { get; set; }

    [BindProperty]
    public int ObjectId { get; set; }

    [BindProperty(Name = "ObjectName")]
    public string? NewObjectName { get; set; }

    public List<BookableObject> Objects { get; private set; } = [];

    public Uri? RedirectUri => signIns.HasRedirectUri && Integration is not null ? signIns.RedirectUri(Integration.Id) : null;

    public string ObjectName(int id) => _objectNames.TryGetValue(id, out var name) ? name : $"#{id}";

    // By id: looked up once per mapped calendar, so the screen stays linear in the number of rooms.
    private Dictionary<int, string> _objectNames = [];

    public string? ObjectName() => NewObjectName;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        Fields = new IntegrationFields(Integration!.Name, Integration.Mode.ToString(), Integration.TenantId, Integration.ClientId, null, Integration.ProblemEmail);
        await LoadObjectsAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(int id, CancellationToken cancellationToken) =>
        await WithIntegrationAsync(id, cancellationToken, async integration =>
        {
            var errors = await settings.UpdateAsync(integration, Fields, cancellationToken);
            AddErrors(errors);
            return errors.Count == 0 ? RedirectWithBanner(SettingsUrl(), "Saved. Changes apply from the next sign-in; no restart needed.") : null;
        });

    public async Task<IActionResult> OnPostInboundAsync(int id, CancellationToken cancellationToken) =>
        await WithIntegrationAsync(id, cancellationToken, async integration =>
        {
            var errors = await settings.SetInboundAsync(integration, Inbound, cancellationToken);
            AddErrors(errors);
            return errors.Count == 0 ? RedirectWithBanner(SettingsUrl(), "Inbound behaviour saved.") : null;
        });

    public async Task<IActionResult> OnPostMapAsync(int id, CancellationToken cancellationToken) =>
        await WithIntegrationAsync(id, cancellationToken, async integration =>
        {
            var objectId = ObjectId;
            BookableObject? created = null;
            if (objectId == 0)
            {
                if (string.IsNullOrWhiteSpace(NewObjectName) || NewObjectName.Trim().Length > 200)
                {
                    ModelState.AddModelError("objectId", "Choose an object, or name the new one (1..200 characters).");
                    return null;
                }

                created = Db.Objects.Add(new BookableObject { Name = NewObjectName.Trim(), Kind = "room" }).Entity;
                await Db.SaveChangesAsync(cancellationToken);
                objectId = created.Id;
            }

            var (mapping, note, errors) = await settings.AddMappingAsync(integration, Mailbox, objectId, cancellationToken);
            AddErrors(errors);
            if (mapping is null && created is not null)
            {
                // Refused: the object made for it goes too.
                Db.Objects.Remove(created);
                await Db.SaveChangesAsync(cancellationToken);
            }
            return mapping is null ? null : RedirectWithBanner(SettingsUrl(), $"Mapped {(mapping.Mailbox == "me" ? "the service account's calendar" : mapping.Mailbox)}." + (note is null ? "" : " " + note));
        });

    public async Task<IActionResult> OnPostActivateAsync(int id, CancellationToken cancellationToken)
    {
        var result = await subscriptions.ActivateAsync(id, cancellationToken);
        if (result is null)
        {
            return NotFound();
        }

        if (result.InBackground)
        {
            return RedirectWithBanner(SettingsUrl(id), $"Active: {result.Calendars.Count} calendars are being subscribed in the background; follow the progress on the diagnostics screen.", true);
        }

        var problems = result.Calendars.Where(c => c.Problem is not null).ToList();
        return RedirectWithBanner(SettingsUrl(id), problems.Count == 0
            ? $"Active: {result.Calendars.Count} calendar(s) subscribed. Check the first sync on the diagnostics screen."
            : $"Active, but {problems.Count} calendar(s) cannot sync: {string.Join(" ", problems.Select(p => p.Problem))}", problems.Count == 0);
    }

    public async Task<IActionResult> OnPostDeactivateAsync(int id, CancellationToken cancellationToken) =>
        await subscriptions.DeactivateAsync(id, cancellationToken) switch
        {
            null => NotFound(),
            { InBackground: true } result => RedirectWithBanner(SettingsUrl(id), $"Inactive: sync stopped, every booking kept (PROD-10); the subscriptions of {result.Calendars.Count} calendars are being deleted at Graph in the background (progress on the diagnostics screen)."),
            _ => RedirectWithBanner(SettingsUrl(id), "Inactive: sync stopped, subscriptions removed, every booking kept (PROD-10)."),
        };

    /// <summary>Runs a change; on field errors the screen is shown again with them (nothing changed).</summary>
    private async Task<IActionResult> WithIntegrationAsync(int id, CancellationToken cancellationToken, Func<Integration, Task<IActionResult?>> change)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        // A value that could not even be read (a number that is not one) refuses the post before anything changes.
        var done = ModelState.IsValid ? await change(Integration!) : null;
        if (done is not null)
        {
            return done;
        }

        // Shown again with the errors: the stored values, except the fields just typed.
        await Db.Entry(Integration!).ReloadAsync(cancellationToken);
        if (string.IsNullOrEmpty(Fields.Name) && Fields.Mode is null)
        {
            Fields = new IntegrationFields(Integration!.Name, Integration.Mode.ToString(), Integration.TenantId, Integration.ClientId, null, Integration.ProblemEmail);
        }
        else
        {
            Fields = Fields with { ClientSecret = null };
        }

        await LoadObjectsAsync(cancellationToken);
        return Refused();
    }

    private async Task LoadObjectsAsync(CancellationToken cancellationToken)
    {
        Objects = await Db.Objects.AsNoTracking().OrderBy(o => o.Name).ToListAsync(cancellationToken);
        _objectNames = Objects.ToDictionary(o => o.Id, o => o.Name);
    }

    private string SettingsUrl(int? id = null) => $"/integrations/{id ?? Integration!.Id}/settings";
}
