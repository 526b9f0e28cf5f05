using Harness.Testing;
using Harness.Testing.Browser;
using Microsoft.Playwright;

namespace Harness.Specs.Support;

/// <summary>The operator's browser in a scenario: a Chromium context to itself (rented: see <see cref="Chromium.RentPageAsync"/>), on the service's screens.</summary>
public sealed class OperatorBrowser(ScenarioWorld world) : IAsyncDisposable
{
    public const string Name = "operator";
    public const string Password = "operator-password-1";

    private IPage? _page;

    public bool IsOpen => _page is not null;

    public async Task<IPage> PageAsync() => _page ??= await Chromium.RentPageAsync();

    /// <summary>Opens a screen of the service by its path.</summary>
    public async Task<IPage> OpenAsync(string path)
    {
        var page = await PageAsync();
        await page.GotoAsync(new Uri(world.Service.BaseAddress, path.TrimStart('/')).ToString());
        return page;
    }

    /// <summary>Keeps what the operator sees in artifacts/screens/{name}.png (for the README's quick start).</summary>
    public async Task KeepScreenAsync(string name)
    {
        var page = await PageAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(Artifacts.Folder("screens"), name + ".png"), FullPage = true });
    }

    public async ValueTask DisposeAsync()
    {
        if (_page is not null)
        {
            await Chromium.ReturnAsync(_page);
        }
    }
}
