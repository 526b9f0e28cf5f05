namespace GraphSimulator.Tenants;

/// <summary>
/// A whole tenant in one JSON body (POST /control/tenants): users, room mailboxes, groups, app
/// registrations and access policies. Missing ids are generated; the answer carries them.
/// </summary>
public sealed record TenantSeed(
    string? Id,
    string? Domain,
    string? DisplayName,
    List<UserSeed>? Users,
    List<RoomSeed>? Rooms,
    List<GroupSeed>? Groups,
    List<AppSeed>? Apps,
    List<AccessPolicySeed>? AccessPolicies);

public sealed record UserSeed(string? Id, string? UserPrincipalName, string? DisplayName, bool Licensed = true);

/// <summary>A room and its Set-CalendarProcessing settings (Exchange's defaults).</summary>
public sealed record RoomSeed(
    string? Id, string? UserPrincipalName, string? DisplayName, int Capacity = 10, bool AutoAccept = true, bool AllowConflicts = false, int BookingWindowInDays = 180,
    bool EnforceSchedulingHorizon = true, int MaximumConflictInstances = 0, int ConflictPercentageAllowed = 0);

/// <summary>Members are user or room UPNs (or ids).</summary>
public sealed record GroupSeed(string? Id, string? DisplayName, string? Mail, List<string>? Members, bool MailEnabled = true);

public sealed record SecretSeed(string? Value, int ExpiresInDays = 365);

public sealed record AppSeed(
    string? AppId,
    string? DisplayName,
    bool MultiTenant,
    List<SecretSeed>? Secrets,
    List<string>? RedirectUris,
    List<string>? DelegatedPermissions,
    List<string>? ApplicationPermissions,
    bool AdminConsent);

/// <summary>App by appId or display name; group by id, mail or display name.</summary>
public sealed record AccessPolicySeed(string? App, string? Group, string? AccessRight);
