namespace GraphSimulator.Tenants;

/// <summary>
/// Every tenant and app registration the simulator knows. One lock guards it all: the model is small
/// and changes rarely, and readers must never see half a change.
/// </summary>
public sealed class TenantDirectory
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Tenant> _tenants = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, AppRegistration> _apps = new(StringComparer.OrdinalIgnoreCase);

    public T Read<T>(Func<DirectoryView, T> read)
    {
        lock (_gate)
        {
            return read(new DirectoryView(_tenants, _apps));
        }
    }

    /// <summary>A mailbox (user or room with a mailbox) by UPN or id in any tenant, with its tenant's id.</summary>
    public (string TenantId, DirectoryUser User)? FindMailbox(string? upnOrId) =>
        string.IsNullOrEmpty(upnOrId)
            ? null
            : Read<(string, DirectoryUser)?>(view =>
                view.Tenants.Select(t => (t.Id, User: t.FindUser(upnOrId)))
                    .Where(x => x.User is { HasMailbox: true })
                    .Select(x => ((string, DirectoryUser)?)(x.Id, x.User!))
                    .FirstOrDefault());

    public void Change(Action<DirectoryView> change)
    {
        lock (_gate)
        {
            change(new DirectoryView(_tenants, _apps));
        }
    }
}

/// <summary>The directory as seen inside its lock.</summary>
public sealed class DirectoryView(Dictionary<string, Tenant> tenants, Dictionary<string, AppRegistration> apps)
{
    public IEnumerable<Tenant> Tenants => tenants.Values;

    public IEnumerable<AppRegistration> Apps => apps.Values;

    /// <summary>By tenant id (GUID) or any of its domains, as the login endpoints accept.</summary>
    public Tenant? FindTenant(string idOrDomain) =>
        tenants.GetValueOrDefault(idOrDomain) ?? tenants.Values.FirstOrDefault(t => string.Equals(t.Domain, idOrDomain, StringComparison.OrdinalIgnoreCase));

    public AppRegistration? FindApp(string appId) => apps.GetValueOrDefault(appId);

    public void Add(Tenant tenant) => tenants[tenant.Id] = tenant;

    public void Add(AppRegistration app) => apps[app.AppId] = app;

    /// <summary>Is the app usable in the tenant: registered there, or multi-tenant and consented to there.</summary>
    public bool IsAppInTenant(AppRegistration app, Tenant tenant) =>
        string.Equals(app.HomeTenantId, tenant.Id, StringComparison.OrdinalIgnoreCase)
        || (app.MultiTenant && (tenant.AdminConsents.Contains(app.AppId) || tenant.DelegatedConsents.Keys.Any(k => k.AppId == app.AppId)));
}
