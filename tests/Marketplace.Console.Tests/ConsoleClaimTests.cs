using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Functions.Security;
using Microsoft.Playwright;
using Serverless.Testing;
using static Microsoft.Playwright.Assertions;

namespace Marketplace.Console.Tests;

/// <summary>Claims and deadline urgency in the browser.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConsoleClaimTests(AzuriteFixture azurite, BrowserFixture browser)
{
    private static readonly Caller s_buyer = new(CallerRole.Buyer, "b-1", "amazon");
    private static readonly Caller s_seller = new(CallerRole.Seller, "s-1", "amazon");

    [Fact]
    public async Task SellerSeesAnOpenClaimWithTimeLeft_PressesAnAvailableAction_TheTimelineShowsIt()
    {
        await using var app = new ConsoleApp(azurite);
        var address = app.Start();
        await app.SeedOrderAsync("o-claim", "b-1", "s-1", total: 25m);
        using var buyer = app.Api(s_buyer);
        using var opened = await buyer.PostAsJsonAsync("/api/claims", new { orderId = "o-claim", reason = "damaged", desiredResolution = "refund", description = "The shade arrived cracked." });
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        var claimId = (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        var page = await ConsolePages.SignInAsync(browser.Browser, address, app.Token(s_seller));
        await page.GetByRole(AriaRole.Link, new() { Name = "Claims" }).ClickAsync();
        var row = page.Locator($"tr[data-claim='{claimId}']");
        await Expect(row.Locator(".countdown")).ToContainTextAsync("left"); // 72 h window
        await Expect(row.Locator(".countdown")).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex("urgent"));
        await ConsolePages.ScreenshotAsync(page, "seller-claims");

        await row.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(page.GetByText("The shade arrived cracked.")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Accept full refund" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Done: accept full refund.");
        await Expect(page.Locator("ol.messages")).ToContainTextAsync("Accept full refund");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Accept full refund" })).ToHaveCountAsync(0);
        await ConsolePages.ScreenshotAsync(page, "seller-claim");
        await page.CloseAsync();
    }

    [Fact]
    public async Task DeadlineUnderTheLastReminder_IsRed()
    {
        // A 30-minute reply window is already under the last reminder (1 h before the deadline).
        await using var app = new ConsoleApp(azurite, durable: true, new Dictionary<string, string?>
        {
            ["Messaging:Profiles:amazon:ReplyDeadline:ReplyWithin"] = "00:30:00",
        });
        var address = app.Start();
        var conversation = await app.SeedOrderAsync("o-urgent", "b-1", "s-1");
        using var buyer = app.Api(s_buyer);
        Assert.Equal(HttpStatusCode.Created, (await buyer.PostAsJsonAsync($"/api/conversations/{conversation}/messages", new { text = "Where is my parcel?" })).StatusCode);

        var page = await ConsolePages.SignInAsync(browser.Browser, address, app.Token(s_seller));
        var countdown = page.Locator($"tr[data-conversation='{conversation}'] .countdown");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (await countdown.CountAsync() == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "The deadline never showed.");
            await Task.Delay(500);
            await page.ReloadAsync();
        }

        await Expect(countdown).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("urgent"));
        var color = await countdown.EvaluateAsync<string>("e => getComputedStyle(e).color");
        Assert.Equal("rgb(176, 0, 32)", color);
        await page.CloseAsync();
    }
}
