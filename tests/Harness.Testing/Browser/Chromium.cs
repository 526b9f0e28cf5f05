using Microsoft.Playwright;

namespace Harness.Testing.Browser;

/// <summary>
/// Debian's Chromium (/usr/bin/chromium) driven by Playwright, one browser per test process; each scenario
/// gets a context of its own (its own cookies). Self-signed certificates (the simulator's) are accepted.
/// </summary>
public static class Chromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static readonly System.Collections.Concurrent.ConcurrentBag<IPage> Returned = [];
    private static IPlaywright? _playwright;
    private static IBrowser? _browser;

    /// <summary>
    /// A page in a context of its own: one a finished scenario gave back (its cookies and permissions cleared, on
    /// about:blank), else a new one. Reusing them spares Chromium a new context and renderer per scenario.
    /// </summary>
    public static async Task<IPage> RentPageAsync()
    {
        while (Returned.TryTake(out var page))
        {
            if (!page.IsClosed)
            {
                return page;
            }
        }

        return await (await NewContextAsync()).NewPageAsync();
    }

    /// <summary>Gives a rented page back with nothing of its scenario left: other pages closed, cookies and permissions cleared.</summary>
    public static async Task ReturnAsync(IPage page)
    {
        try
        {
            foreach (var other in page.Context.Pages.Where(p => p != page).ToList())
            {
                await other.CloseAsync();
            }

            await page.GotoAsync("about:blank");
            await page.Context.ClearCookiesAsync();
            await page.Context.ClearPermissionsAsync();
            Returned.Add(page);
        }
        catch (PlaywrightException)
        {
            // A page its scenario left broken (crashed, stuck) is thrown away, never handed to the next one.
            await page.Context.DisposeAsync();
        }
    }

    private static async Task<IBrowserContext> NewContextAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_browser is null)
            {
                if (!File.Exists(ExecutablePath))
                {
                    throw new InvalidOperationException($"No browser at {ExecutablePath}: install Debian's chromium ('apt-get install -y chromium'; ./harness test does this).");
                }

                _playwright = await Playwright.CreateAsync();
                _browser = await _playwright.Chromium.LaunchAsync(new()
                {
                    ExecutablePath = ExecutablePath,
                    Headless = true,
                    // Without site isolation, the pages of the scenarios share renderer processes instead of each origin (a
                    // service on its own port) getting new ones: about 5 CPU-s less for the 25 browser scenarios. Every page
                    // is a screen of our own service, so isolating them from each other protects nothing.
                    Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-site-isolation-trials"],
                });
            }

            var context = await _browser.NewContextAsync(new() { IgnoreHTTPSErrors = true, ViewportSize = new() { Width = 1280, Height = 900 } });
            // Generous: a loaded 2-core CI machine; a step that waits for something that never comes still fails.
            context.SetDefaultTimeout(30_000);
            return context;
        }
        finally
        {
            Gate.Release();
        }
    }

    public static async Task StopAsync()
    {
        await Gate.WaitAsync();
        try
        {
            Returned.Clear();
            if (_browser is not null)
            {
                await _browser.DisposeAsync();
                _browser = null;
            }

            _playwright?.Dispose();
            _playwright = null;
        }
        finally
        {
            Gate.Release();
        }
    }
}
