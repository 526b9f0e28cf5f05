using System.Text.RegularExpressions;

namespace GraphSimulator.Subscriptions;

/// <summary>The checks Graph makes on a subscription request before the validation handshake.</summary>
public sealed partial class SubscriptionRules(SimulatorOptions options)
{
    private static readonly string[] ChangeTypes = ["created", "updated", "deleted"];

    public GraphProblem? CheckCreate(SubscriptionRequest request, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(request.ChangeType))
        {
            return Invalid("The 'changeType' property is required.");
        }

        var types = request.ChangeType.Split(',', StringSplitOptions.TrimEntries);
        if (types.Any(t => !ChangeTypes.Contains(t, StringComparer.Ordinal)) || types.Distinct().Count() != types.Length)
        {
            return Invalid($"Invalid changeType '{request.ChangeType}'. Allowed values are created, updated and deleted, comma separated.");
        }

        if (string.IsNullOrWhiteSpace(request.Resource))
        {
            return Invalid("The 'resource' property is required.");
        }

        if (!SupportedResource().IsMatch(request.Resource))
        {
            return Invalid($"Resource '{request.Resource}' is not supported. Use me/events or users/{{id|userPrincipalName}}/events.");
        }

        if (CheckUrl(request.NotificationUrl, "notification") is { } urlProblem)
        {
            return urlProblem;
        }

        if (request.LifecycleNotificationUrl is not null && CheckUrl(request.LifecycleNotificationUrl, "lifecycle notification") is { } lifecycleProblem)
        {
            return lifecycleProblem;
        }

        if (request.ClientState is { Length: > 128 })
        {
            return Invalid("The 'clientState' property cannot be longer than 128 characters.");
        }

        return CheckExpiration(request.ExpirationDateTime, now);
    }

    public GraphProblem? CheckExpiration(DateTimeOffset? expiration, DateTimeOffset now)
    {
        if (expiration is null)
        {
            return Invalid("The 'expirationDateTime' property is required.");
        }

        if (expiration <= now)
        {
            return Invalid($"Subscription expiration '{expiration:O}' must be in the future.");
        }

        if (expiration > now.AddMinutes(options.MaxSubscriptionLifetimeMinutes))
        {
            return new GraphProblem(400, "ExtensionError", $"Subscription expiration can only be {options.MaxSubscriptionLifetimeMinutes} minutes in the future.");
        }

        return null;
    }

    private GraphProblem? CheckUrl(string? url, string kind)
    {
        if (string.IsNullOrWhiteSpace(url) && kind == "notification")
        {
            return Invalid("The 'notificationUrl' property is required.");
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) || string.IsNullOrEmpty(uri.Host))
        {
            return Invalid($"Invalid {kind} url='{url}'.");
        }

        if (uri.Scheme == Uri.UriSchemeHttp && !options.AllowInsecureNotificationUrls)
        {
            return Invalid($"NotificationUrl scheme='http' is not supported.");
        }

        return null;
    }

    /// <summary>"me" or the user id/UPN of a resource the rules accepted.</summary>
    public static string MailboxOf(string resource)
    {
        var parts = resource.TrimStart('/').Split('/');
        return parts[0].Equals("me", StringComparison.OrdinalIgnoreCase) ? "me" : parts[1];
    }

    private static GraphProblem Invalid(string message) => new(400, "InvalidRequest", message);

    // Microsoft's own examples write the resource with a leading slash ("/users/{id}/events"); Graph takes both.
    [GeneratedRegex("^/?(me|users/[^/\\s]+)/(calendar/)?events$", RegexOptions.IgnoreCase)]
    private static partial Regex SupportedResource();
}
