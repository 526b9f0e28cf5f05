namespace GraphSimulator.Tenants;

/// <summary>An Entra ID tenant with its people, rooms, groups and Exchange access policies.</summary>
public sealed class Tenant(string id, string domain, string displayName)
{
    public string Id { get; } = id;

    public string Domain { get; } = domain;

    public string DisplayName { get; } = displayName;

    public Dictionary<string, DirectoryUser> Users { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, SecurityGroup> Groups { get; } = new(StringComparer.OrdinalIgnoreCase);

    public List<ApplicationAccessPolicy> AccessPolicies { get; } = [];

    /// <summary>Apps whose application permissions an administrator consented to in this tenant.</summary>
    public HashSet<string> AdminConsents { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Delegated permissions consented per (app, user): what a delegated token may carry in scp.</summary>
    public Dictionary<(string AppId, string UserId), HashSet<string>> DelegatedConsents { get; } = new();

    public DirectoryUser? FindUser(string idOrUpn) =>
        Users.GetValueOrDefault(idOrUpn)
        ?? Users.Values.FirstOrDefault(u => string.Equals(u.UserPrincipalName, idOrUpn, StringComparison.OrdinalIgnoreCase));
}

/// <summary>A user or a room mailbox. HasMailbox is false for an unlicensed user.</summary>
public sealed record DirectoryUser(
    string Id,
    string UserPrincipalName,
    string DisplayName,
    bool HasMailbox,
    RoomSettings? Room = null)
{
    public bool IsRoom => Room is not null;
}

/// <summary>Exchange's resource booking attendant settings of a room mailbox (defaults as Exchange's).</summary>
public sealed record RoomSettings(
    int Capacity = 10,
    bool AutoAccept = true,
    bool AllowConflicts = false,
    int BookingWindowInDays = 180,
    bool AddOrganizerToSubject = true,
    bool DeleteSubject = true,
    bool EnforceSchedulingHorizon = true,
    int MaximumConflictInstances = 0,
    int ConflictPercentageAllowed = 0);

public sealed record SecurityGroup(string Id, string DisplayName, string Mail, bool MailEnabled, HashSet<string> MemberIds);

public enum AccessRight
{
    RestrictAccess,
    DenyAccess,
}

/// <summary>New-ApplicationAccessPolicy: app-only access of the app is limited to (or denied for) the group's members.</summary>
public sealed record ApplicationAccessPolicy(string AppId, string GroupId, AccessRight AccessRight);

/// <summary>An app registration, living in its home tenant; single-tenant unless MultiTenant.</summary>
public sealed class AppRegistration(string appId, string displayName, string homeTenantId)
{
    public string AppId { get; } = appId;

    public string DisplayName { get; } = displayName;

    public string HomeTenantId { get; } = homeTenantId;

    public bool MultiTenant { get; init; }

    public List<ClientSecret> Secrets { get; } = [];

    public List<string> RedirectUris { get; } = [];

    public HashSet<string> DelegatedPermissions { get; } = new(StringComparer.OrdinalIgnoreCase);

    public HashSet<string> ApplicationPermissions { get; } = new(StringComparer.OrdinalIgnoreCase);
}

public sealed record ClientSecret(string KeyId, string Value, DateTimeOffset EndDateTime);
