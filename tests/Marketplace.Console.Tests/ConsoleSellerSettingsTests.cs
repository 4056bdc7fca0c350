using Marketplace.Functions.Security;
using Microsoft.Playwright;
using Serverless.Testing;
using static Microsoft.Playwright.Assertions;

namespace Marketplace.Console.Tests;

/// <summary>A seller's settings page: metrics over 7/30/90 days, the reminder webhook's rules, away periods.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConsoleSellerSettingsTests(AzuriteFixture azurite, BrowserFixture browser)
{
    private static readonly Caller s_seller = new(CallerRole.Seller, "s-1", "amazon");

    [Fact]
    public async Task SellerSettings_ShowMetricsForThreeWindows_RefuseAPrivateWebhook_AddAnAwayPeriod()
    {
        await using var app = new ConsoleApp(azurite);
        var address = app.Start();
        var page = await ConsolePages.SignInAsync(browser.Browser, address, app.Token(s_seller));

        await page.GetByRole(AriaRole.Link, new() { Name = "Settings and metrics" }).ClickAsync();
        await Expect(page.Locator("svg.chart")).ToBeVisibleAsync();
        await Expect(page.Locator("tr[data-window]")).ToHaveCountAsync(3);

        await page.GetByLabel("Reminder webhook URL (https, public)").FillAsync("https://127.0.0.1/hooks");
        await page.GetByLabel("Webhook secret (not set)").FillAsync("a-secret-of-enough-length-0001");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();

        await page.GetByLabel("Away from (UTC)").FillAsync("2030-12-24T00:00");
        await page.GetByLabel("Back on (UTC)").FillAsync("2030-12-27T00:00");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add away period" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Away period added.");
        await Expect(page.Locator("li[data-vacation]")).ToContainTextAsync("2030-12-24 00:00 UTC");
        await ConsolePages.ScreenshotAsync(page, "seller-settings");
        await page.CloseAsync();
    }
}
