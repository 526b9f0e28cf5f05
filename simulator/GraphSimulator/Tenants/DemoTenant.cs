namespace GraphSimulator.Tenants;

/// <summary>
/// The tenant a standalone simulator starts with (Simulator:SeedDemoTenant), so the README's commands
/// work on a fresh machine. Fixed ids and a well-known secret: this is fake data for local use only.
/// </summary>
public static class DemoTenant
{
    public const string TenantId = "7d3c2a10-0000-4000-8000-00000000d3e0";
    public const string Domain = "contoso-demo.onmicrosoft.com";
    public const string AppId = "5b6f1e2d-0000-4000-8000-00000000a991";
    public const string ClientSecret = "demo-secret-for-the-simulator-only";

    /// <summary>A second registration that lacks the delegated Calendars.ReadWrite permission (for TEST-05).</summary>
    public const string AppWithoutDelegatedCalendarsId = "5b6f1e2d-0000-4000-8000-00000000a992";

    public static TenantSeed Seed(params string[] redirectUris) => new(
        TenantId,
        Domain,
        "Contoso (demo)",
        Users:
        [
            new UserSeed(null, $"booking.service@{Domain}", "Booking service account"),
            new UserSeed(null, $"alex.wilber@{Domain}", "Alex Wilber"),
            new UserSeed(null, $"unlicensed.user@{Domain}", "Unlicensed user", Licensed: false),
        ],
        Rooms:
        [
            new RoomSeed(null, $"room.amsterdam@{Domain}", "Room Amsterdam", Capacity: 8),
            new RoomSeed(null, $"room.berlin@{Domain}", "Room Berlin", Capacity: 12),
            new RoomSeed(null, $"room.outside-policy@{Domain}", "Room outside the access policy", Capacity: 4),
        ],
        Groups:
        [
            new GroupSeed(null, "Bookable rooms", $"bookable-rooms@{Domain}", [$"room.amsterdam@{Domain}", $"room.berlin@{Domain}"]),
        ],
        Apps:
        [
            new AppSeed(AppId, "Room booking (demo)", MultiTenant: false,
                Secrets: [new SecretSeed(ClientSecret, ExpiresInDays: 730)],
                RedirectUris: [.. redirectUris],
                DelegatedPermissions: ["Calendars.ReadWrite", "User.Read"],
                ApplicationPermissions: ["Calendars.ReadWrite", "Place.Read.All"],
                AdminConsent: true),
            new AppSeed(AppWithoutDelegatedCalendarsId, "Room booking (no delegated calendar permission)", MultiTenant: false,
                Secrets: [new SecretSeed(ClientSecret, ExpiresInDays: 730)],
                RedirectUris: [.. redirectUris],
                DelegatedPermissions: ["User.Read"],
                ApplicationPermissions: [],
                AdminConsent: false),
        ],
        AccessPolicies: [new AccessPolicySeed(AppId, $"bookable-rooms@{Domain}", nameof(AccessRight.RestrictAccess))]);
}
