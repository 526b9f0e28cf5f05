namespace OutlookSync.Hosting;

/// <summary>
/// Which parts of the service this process runs. One build serves every role, so a deployment can run
/// web nodes, worker nodes and the cron separately ("web" / "worker" / "cron") or all in one process (the default).
/// </summary>
public sealed class ServiceRoles
{
    public const string SectionName = "Service";

    public string Roles { get; set; } = "web,worker,cron";

    public bool RunsWorkers => Has("worker");

    /// <summary>The built-in ExecuteIntegrations schedule; off where a system cron runs the one-shot command instead.</summary>
    public bool RunsCron => Has("cron");

    private bool Has(string role) =>
        Roles.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Contains(role, StringComparer.OrdinalIgnoreCase);
}

public static class ServiceRolesRegistration
{
    public static IServiceCollection AddServiceRoles(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ServiceRoles>()
            .Bind(configuration.GetSection(ServiceRoles.SectionName))
            .Validate(r => r.Roles.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .All(role => role is "web" or "worker" or "cron"), "Service:Roles may only name 'web', 'worker' and 'cron'.")
            .ValidateOnStart();
        return services;
    }
}
