using System.Text.RegularExpressions;

namespace GraphSimulator.Tenants;

/// <summary>Checks a <see cref="TenantSeed"/> completely, then adds it to the directory in one change.</summary>
public sealed partial class TenantSeeder(TenantDirectory directory, TimeProvider time)
{
    public (Tenant? Tenant, List<AppRegistration> Apps, string? Problem) Apply(TenantSeed seed)
    {
        var ids = new[] { seed.Id }
            .Concat((seed.Users ?? []).Select(u => u.Id))
            .Concat((seed.Rooms ?? []).Select(r => r.Id))
            .Concat((seed.Groups ?? []).Select(g => g.Id))
            .Concat((seed.Apps ?? []).Select(a => a.AppId));
        if (ids.FirstOrDefault(id => id is not null && !Guid.TryParse(id, out _)) is { } badId)
        {
            return (null, [], $"'{badId}' is not a GUID; ids are GUIDs (leave them out to have them generated)");
        }

        if (seed.Domain is null || !DomainPattern().IsMatch(seed.Domain))
        {
            return (null, [], "domain is required, e.g. contoso.onmicrosoft.com");
        }

        var tenant = new Tenant(IdOrNew(seed.Id), seed.Domain, string.IsNullOrWhiteSpace(seed.DisplayName) ? seed.Domain : seed.DisplayName);
        foreach (var user in seed.Users ?? [])
        {
            if (!IsUpn(user.UserPrincipalName, seed.Domain))
            {
                return (null, [], $"user '{user.UserPrincipalName}' needs a userPrincipalName in {seed.Domain}");
            }

            var id = IdOrNew(user.Id);
            tenant.Users[id] = new DirectoryUser(id, user.UserPrincipalName!, user.DisplayName ?? user.UserPrincipalName!, user.Licensed);
        }

        foreach (var room in seed.Rooms ?? [])
        {
            if (!IsUpn(room.UserPrincipalName, seed.Domain) || room.Capacity < 0 || room.BookingWindowInDays is < 1 or > 1080)
            {
                return (null, [], $"room '{room.UserPrincipalName}' needs a userPrincipalName in {seed.Domain}, capacity >= 0 and bookingWindowInDays 1..1080");
            }

            var id = IdOrNew(room.Id);
            tenant.Users[id] = new DirectoryUser(id, room.UserPrincipalName!, room.DisplayName ?? room.UserPrincipalName!, true,
                new RoomSettings(room.Capacity, room.AutoAccept, room.AllowConflicts, room.BookingWindowInDays,
                    EnforceSchedulingHorizon: room.EnforceSchedulingHorizon, MaximumConflictInstances: room.MaximumConflictInstances, ConflictPercentageAllowed: room.ConflictPercentageAllowed));
        }

        if (tenant.Users.Values.GroupBy(u => u.UserPrincipalName, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            return (null, [], $"userPrincipalName '{duplicate.Key}' is used twice");
        }

        foreach (var group in seed.Groups ?? [])
        {
            var members = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var member in group.Members ?? [])
            {
                var user = tenant.FindUser(member);
                if (user is null)
                {
                    return (null, [], $"group '{group.DisplayName}' names unknown member '{member}'");
                }

                members.Add(user.Id);
            }

            var id = IdOrNew(group.Id);
            tenant.Groups[id] = new SecurityGroup(id, group.DisplayName ?? id, group.Mail ?? "", group.MailEnabled, members);
        }

        var apps = new List<AppRegistration>();
        foreach (var seedApp in seed.Apps ?? [])
        {
            if (string.IsNullOrWhiteSpace(seedApp.DisplayName))
            {
                return (null, [], "every app needs a displayName");
            }

            var app = new AppRegistration(IdOrNew(seedApp.AppId), seedApp.DisplayName, tenant.Id) { MultiTenant = seedApp.MultiTenant };
            foreach (var secret in seedApp.Secrets ?? [])
            {
                app.Secrets.Add(new ClientSecret(Guid.NewGuid().ToString(), string.IsNullOrEmpty(secret.Value) ? NewSecretValue() : secret.Value, time.GetUtcNow().AddDays(secret.ExpiresInDays)));
            }

            foreach (var uri in seedApp.RedirectUris ?? [])
            {
                if (!Uri.TryCreate(uri, UriKind.Absolute, out _))
                {
                    return (null, [], $"redirect URI '{uri}' of app '{seedApp.DisplayName}' is not an absolute URI");
                }

                app.RedirectUris.Add(uri);
            }

            app.DelegatedPermissions.UnionWith(seedApp.DelegatedPermissions ?? []);
            app.ApplicationPermissions.UnionWith(seedApp.ApplicationPermissions ?? []);
            if (seedApp.AdminConsent)
            {
                tenant.AdminConsents.Add(app.AppId);
            }

            apps.Add(app);
        }

        foreach (var policy in seed.AccessPolicies ?? [])
        {
            var app = apps.FirstOrDefault(a => string.Equals(a.AppId, policy.App, StringComparison.OrdinalIgnoreCase) || string.Equals(a.DisplayName, policy.App, StringComparison.OrdinalIgnoreCase));
            var group = tenant.Groups.Values.FirstOrDefault(g => string.Equals(g.Id, policy.Group, StringComparison.OrdinalIgnoreCase) || string.Equals(g.Mail, policy.Group, StringComparison.OrdinalIgnoreCase) || string.Equals(g.DisplayName, policy.Group, StringComparison.OrdinalIgnoreCase));
            if (app is null || group is null || !Enum.TryParse<AccessRight>(policy.AccessRight ?? nameof(AccessRight.RestrictAccess), out var right))
            {
                return (null, [], $"access policy ({policy.App}, {policy.Group}, {policy.AccessRight}) must name an app and a group of this seed and RestrictAccess or DenyAccess");
            }

            if (!group.MailEnabled)
            {
                return (null, [], $"group '{group.DisplayName}' must be a mail-enabled security group to scope an ApplicationAccessPolicy");
            }

            tenant.AccessPolicies.Add(new ApplicationAccessPolicy(app.AppId, group.Id, right));
        }

        string? conflict = null;
        directory.Change(view =>
        {
            if (view.FindTenant(tenant.Id) is not null || view.FindTenant(tenant.Domain) is not null)
            {
                conflict = $"a tenant with id {tenant.Id} or domain {tenant.Domain} exists already";
                return;
            }

            if (apps.FirstOrDefault(a => view.FindApp(a.AppId) is not null) is { } taken)
            {
                conflict = $"an app with appId {taken.AppId} exists already";
                return;
            }

            view.Add(tenant);
            apps.ForEach(view.Add);
        });
        return conflict is null ? (tenant, apps, null) : (null, [], conflict);
    }

    private static string IdOrNew(string? id) => Guid.TryParse(id, out var guid) ? guid.ToString() : Guid.NewGuid().ToString();

    private static bool IsUpn(string? upn, string domain) =>
        upn is not null && upn.EndsWith("@" + domain, StringComparison.OrdinalIgnoreCase) && upn.Length > domain.Length + 1 && !upn.Contains(' ');

    private static string NewSecretValue() => Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(30)).Replace('/', '_').Replace('+', '~');

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$", RegexOptions.IgnoreCase)]
    private static partial Regex DomainPattern();
}
