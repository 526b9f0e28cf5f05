namespace GraphSimulator.Identity;

/// <summary>The Entra ID v2 endpoints the identity libraries call, under the simulator's root as authority host.</summary>
public static class IdentityEndpoints
{
    public static IServiceCollection AddIdentity(this IServiceCollection services)
    {
        services.AddSingleton<AccessTokens>();
        services.AddSingleton<SignInGrants>();
        return services;
    }

    public static IEndpointRouteBuilder MapIdentity(this IEndpointRouteBuilder app)
    {
        app.MapPost("/{tenant}/oauth2/v2.0/token", TokenEndpoint.HandleAsync).DisableAntiforgery();
        app.MapGet("/{tenant}/oauth2/v2.0/authorize", ConsentPages.Authorize);
        app.MapPost("/{tenant}/oauth2/v2.0/authorize", ConsentPages.AuthorizePostAsync).DisableAntiforgery();
        app.MapGet("/{tenant}/adminconsent", ConsentPages.AdminConsent);
        app.MapPost("/{tenant}/adminconsent", ConsentPages.AdminConsentPostAsync).DisableAntiforgery();
        app.MapGet("/{tenant}/v2.0/.well-known/openid-configuration", OpenIdConfiguration);
        return app;
    }

    private static IResult OpenIdConfiguration(HttpContext context, string tenant, Tenants.TenantDirectory directory, TimeProvider time)
    {
        var model = directory.Read(view => view.FindTenant(tenant));
        if (model is null)
        {
            return OAuthErrors.TenantNotFound(time, tenant);
        }

        var root = $"{context.Request.Scheme}://{context.Request.Host}/{model.Id}";
        return Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = $"{root}/v2.0",
            ["authorization_endpoint"] = $"{root}/oauth2/v2.0/authorize",
            ["token_endpoint"] = $"{root}/oauth2/v2.0/token",
            ["jwks_uri"] = $"{root}/discovery/v2.0/keys",
            ["response_types_supported"] = new[] { "code" },
            ["response_modes_supported"] = new[] { "query" },
            ["subject_types_supported"] = new[] { "pairwise" },
            ["id_token_signing_alg_values_supported"] = new[] { "none" },
            ["scopes_supported"] = new[] { "openid", "profile", "email", "offline_access" },
            ["token_endpoint_auth_methods_supported"] = new[] { "client_secret_post", "client_secret_basic" },
            ["tenant_region_scope"] = "EU",
            ["cloud_instance_name"] = "microsoftonline.com",
        });
    }
}
