using System.Net;
using System.Net.Sockets;

namespace OutlookSync.Diagnostics.Readiness;

/// <summary>
/// Whether Graph:PublicBaseUrl can serve production (PROD-04, PROD-05): https, a real host name, not a
/// loopback or private address and not a developer tunnel (those come and go, and Graph drops
/// subscriptions whose webhook stops answering).
/// </summary>
public static class PublicAddress
{
    private static readonly string[] TunnelDomains = ["ngrok.io", "ngrok-free.app", "ngrok.app", "trycloudflare.com", "loca.lt", "localtunnel.me", "serveo.net", "devtunnels.ms"];

    /// <summary>null when fine; otherwise what is wrong, for the operator.</summary>
    public static string? Problem(Uri? address)
    {
        if (address is null)
        {
            return "Graph:PublicBaseUrl is not set: Graph needs this service's public https address.";
        }

        if (address.Scheme != Uri.UriSchemeHttps)
        {
            return $"{address} is not https: Graph only posts to https webhooks in production.";
        }

        if (address.IsLoopback || address.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return $"{address} is this machine (loopback): Microsoft cannot reach it.";
        }

        if (IPAddress.TryParse(address.Host, out var ip))
        {
            return IsPrivate(ip) ? $"{address} is a private network address: Microsoft cannot reach it." : $"{address} is a bare IP address: use the production host name with its TLS certificate.";
        }

        var tunnel = TunnelDomains.FirstOrDefault(d => address.Host.Equals(d, StringComparison.OrdinalIgnoreCase) || address.Host.EndsWith("." + d, StringComparison.OrdinalIgnoreCase));
        return tunnel is null ? null : $"{address} is a developer tunnel ({tunnel}): use the production host (no tunnel).";
    }

    private static bool IsPrivate(IPAddress ip)
    {
        if (ip.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return ip.IsIPv6LinkLocal || ip.IsIPv6SiteLocal || ip.IsIPv6UniqueLocal;
        }

        var b = ip.GetAddressBytes();
        return b[0] == 10 || (b[0] == 172 && b[1] >= 16 && b[1] <= 31) || (b[0] == 192 && b[1] == 168) || (b[0] == 169 && b[1] == 254);
    }
}
