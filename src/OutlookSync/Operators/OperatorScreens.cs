using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace OutlookSync.Operators;

/// <summary>
/// The operator's screens (Razor Pages): cookie sign-in for every page but the sign-in page itself,
/// antiforgery on every form (Razor Pages' default). The webhook, the consent redirect and /health stay
/// anonymous; the JSON admin API keeps its X-Api-Key.
/// </summary>
public static class OperatorScreens
{
    public static IServiceCollection AddOperatorScreens(this IServiceCollection services)
    {
        services.AddScoped<OperatorAccounts>();
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(cookie =>
        {
            cookie.LoginPath = "/signin";
            cookie.LogoutPath = "/signout";
            cookie.AccessDeniedPath = "/signin";
            cookie.Cookie.Name = "outlooksync.operator";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
            cookie.SlidingExpiration = true;
        });
        services.AddAuthorization();
        services.AddRazorPages(pages =>
        {
            pages.Conventions.AuthorizeFolder("/");
            pages.Conventions.AllowAnonymousToPage("/SignIn");
        });
        return services;
    }

    public static WebApplication UseOperatorScreens(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapStaticAssets();
        app.MapRazorPages();
        return app;
    }

    public static Task SignInAsync(HttpContext context, Operator account) =>
        context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, account.Name), new Claim(ClaimTypes.NameIdentifier, account.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))],
            CookieAuthenticationDefaults.AuthenticationScheme)));
}
