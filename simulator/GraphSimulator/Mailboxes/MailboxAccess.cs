using GraphSimulator.Identity;
using GraphSimulator.Subscriptions;
using GraphSimulator.Tenants;

namespace GraphSimulator.Mailboxes;

/// <summary>
/// Whether a caller may read or write a mailbox's calendar, with Graph's answers when not: /me with an
/// app-only token, unknown user, no mailbox, missing permission or consent, another user's mailbox with
/// a delegated token, and the Exchange ApplicationAccessPolicy for app-only calls.
/// </summary>
public sealed class MailboxAccess(TenantDirectory directory)
{
    public const string ReadWrite = "Calendars.ReadWrite";
    public const string Read = "Calendars.Read";

    public (DirectoryUser? Mailbox, GraphProblem? Problem) Resolve(GraphCaller caller, string userIdOrMe, bool write) =>
        directory.Read<(DirectoryUser?, GraphProblem?)>(view =>
        {
            var isMe = string.Equals(userIdOrMe, "me", StringComparison.OrdinalIgnoreCase);
            if (isMe && caller.IsAppOnly)
            {
                return (null, new GraphProblem(400, "BadRequest", "/me request is only valid with delegated authentication flow."));
            }

            var tenant = view.FindTenant(caller.TenantId);
            var user = tenant?.FindUser(isMe ? caller.UserId! : userIdOrMe);
            if (tenant is null || user is null)
            {
                return (null, new GraphProblem(404, "ErrorInvalidUser", $"The requested user '{userIdOrMe}' is invalid."));
            }

            if (!user.HasMailbox)
            {
                return (null, new GraphProblem(404, "MailboxNotEnabledForRESTAPI", "The mailbox is either inactive, soft-deleted, or is hosted on-premise."));
            }

            var allowed = caller.HasPermission(ReadWrite) || (!write && caller.HasPermission(Read));
            if (!allowed || (!caller.IsAppOnly && !string.Equals(user.Id, caller.UserId, StringComparison.OrdinalIgnoreCase)))
            {
                return (null, AccessDenied);
            }

            if (caller.IsAppOnly && BlockedByPolicy(tenant, caller.AppId, user))
            {
                return (null, new GraphProblem(403, "ErrorAccessDenied", "Access to OData is disabled: [RAOP] : Blocked by tenant configured AppOnly AccessPolicy settings."));
            }

            return (user, null);
        });

    public static readonly GraphProblem AccessDenied = new(403, "ErrorAccessDenied", "Access is denied. Check credentials and try again.");

    private static bool BlockedByPolicy(Tenant tenant, string appId, DirectoryUser user)
    {
        var policies = tenant.AccessPolicies.Where(p => string.Equals(p.AppId, appId, StringComparison.OrdinalIgnoreCase)).ToList();
        bool InGroup(ApplicationAccessPolicy p) => tenant.Groups.GetValueOrDefault(p.GroupId)?.MemberIds.Contains(user.Id) == true;
        var restricts = policies.Where(p => p.AccessRight == AccessRight.RestrictAccess).ToList();
        return policies.Any(p => p.AccessRight == AccessRight.DenyAccess && InGroup(p))
            || (restricts.Count > 0 && !restricts.Any(InGroup));
    }
}
