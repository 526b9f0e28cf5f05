using GraphSimulator.Clock;
using GraphSimulator.Tenants;
using Harness.Testing.Apps;
using Microsoft.Playwright;
using Xunit;

namespace GraphSimulator.Tests.Control;

/// <summary>The standalone control page in a real headless Chromium (Debian's), as a person would use it.</summary>
public sealed class ControlPageBrowserTests : IAsyncLifetime
{
    private const string Chromium = "/usr/bin/chromium";
    private readonly SimulatedClock _clock = new(TimeProvider.System);
    private SimulatorApp _simulator = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;
    private IPage _page = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(Chromium))
        {
            throw new InvalidOperationException($"No browser at {Chromium}: install Debian's chromium ('apt-get install -y chromium'; ./harness test does this).");
        }

        // The page's flow, not Graph's timing: the room answers inside the request.
        _simulator = new SimulatorApp(_clock, new Dictionary<string, string?> { ["Simulator:RoomAnswerDelay"] = "00:00:00" });
        await DemoTenantClients.SeedAsync(_simulator);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var context = await _browser.NewContextAsync(new() { IgnoreHTTPSErrors = true });
        _page = await context.NewPageAsync();
        await _page.GotoAsync(new Uri(_simulator.BaseAddress, "control/page").ToString());
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _simulator.DisposeAsync();
    }

    [Fact]
    public async Task A_person_books_moves_and_cancels_a_room_meeting_and_moves_the_clock()
    {
        await _page.SelectOptionAsync("select[name=organizer]", $"booking.service@{DemoTenant.Domain}");
        await _page.SelectOptionAsync("select[name=room]", $"room.amsterdam@{DemoTenant.Domain}");
        await _page.GetByRole(AriaRole.Button, new() { Name = "Book", Exact = true }).ClickAsync();
        Assert.Equal("Booked: the room accepted the meeting.", await _page.InnerTextAsync("#message"));
        var row = _page.Locator("#meetings tr", new() { HasText = $"room.amsterdam@{DemoTenant.Domain}" });
        Assert.Equal(1, await row.CountAsync());
        var startBefore = await row.Locator("td").Nth(1).InnerTextAsync();

        await row.Locator("button", new() { HasText = "Move" }).ClickAsync();
        Assert.Equal("Moved.", await _page.InnerTextAsync("#message"));
        Assert.NotEqual(startBefore, await _page.Locator("#meetings tr", new() { HasText = "room.amsterdam" }).Locator("td").Nth(1).InnerTextAsync());

        var clockBefore = _clock.GetUtcNow();
        await _page.GetByRole(AriaRole.Button, new() { Name = "+3 days" }).ClickAsync();
        Assert.True(_clock.GetUtcNow() - clockBefore >= TimeSpan.FromDays(3));
        Assert.Contains("moved ahead", await _page.InnerTextAsync("#message"));

        await _page.Locator("#meetings tr", new() { HasText = "room.amsterdam" }).Locator("button", new() { HasText = "Cancel" }).ClickAsync();
        Assert.Equal("Cancelled.", await _page.InnerTextAsync("#message"));
        await _page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "control-page.png"), FullPage = true });
        Assert.Equal(0, await _page.Locator("#meetings tr", new() { HasText = "room.amsterdam" }).CountAsync());
    }

    [Fact]
    public async Task A_booking_with_a_bad_start_is_refused_with_a_clear_message()
    {
        await _page.FillAsync("input[name=start]", "next tuesday-ish");
        var response = await _page.RunAndWaitForResponseAsync(() => _page.GetByRole(AriaRole.Button, new() { Name = "Book", Exact = true }).ClickAsync(), r => r.Url.EndsWith("/control/page/meetings", StringComparison.Ordinal));

        Assert.Equal(400, response.Status);
        Assert.Contains("a start like", await _page.InnerTextAsync("#message"));
    }
}
