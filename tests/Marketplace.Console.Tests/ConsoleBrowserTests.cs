using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Functions.Security;
using Microsoft.Playwright;
using Serverless.Testing;
using static Microsoft.Playwright.Assertions;

namespace Marketplace.Console.Tests;

/// <summary>The browser scenarios, each through the console in Chromium against the app on a real port.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConsoleBrowserTests(AzuriteFixture azurite, BrowserFixture browser)
{
    private static readonly Caller s_buyer = new(CallerRole.Buyer, "b-1", "amazon");
    private static readonly Caller s_seller = new(CallerRole.Seller, "s-1", "amazon");
    private static readonly Caller s_admin = new(CallerRole.Admin, "admin-1", null);
    private static readonly Caller s_finance = new(CallerRole.Finance, "alice", null);

    [Fact]
    public async Task SellerAnswersBeforeTheDeadline_CountdownDisappears()
    {
        await using var app = new ConsoleApp(azurite, durable: true);
        var address = app.Start();
        var conversation = await app.SeedOrderAsync("o-reply", "b-1", "s-1");
        await app.SeedOrderAsync("o-quiet", "b-2", "s-1");
        await SendAsync(app, s_buyer, conversation, "Has my lamp shipped yet?", HttpStatusCode.Created);

        var page = await ConsolePages.SignInAsync(browser.Browser, address, app.Token(s_seller));
        var row = page.Locator($"tr[data-conversation='{conversation}']");
        // The deadline is recorded by its workflow a moment after the buyer's message.
        await EventuallyAsync(page, async () => await row.Locator(".countdown").CountAsync() == 1);
        await Expect(row.Locator(".countdown")).ToContainTextAsync("left");
        await Expect(page.Locator("tbody tr").First).ToHaveAttributeAsync("data-conversation", conversation); // awaiting reply first
        await ConsolePages.ScreenshotAsync(page, "seller-inbox");

        await row.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(page.GetByText("Has my lamp shipped yet?")).ToBeVisibleAsync();
        await page.GetByLabel("Your message").FillAsync("Yes, it left our warehouse this morning.");
        await ConsolePages.ScreenshotAsync(page, "seller-conversation");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await Expect(page.Locator(".messages li.mine")).ToContainTextAsync("Yes, it left our warehouse this morning.");

        await page.GetByRole(AriaRole.Link, new() { Name = "Inbox" }).ClickAsync();
        await Expect(row).ToBeVisibleAsync();
        await Expect(row.Locator(".countdown")).ToHaveCountAsync(0);
        await Expect(row).Not.ToHaveClassAsync("awaiting");
        await page.CloseAsync();
    }

    [Fact]
    public async Task SellersMessageWithAnEmail_IsRefused_WithTheReasonShown()
    {
        await using var app = new ConsoleApp(azurite);
        var address = app.Start();
        var conversation = await app.SeedOrderAsync("o-email", "b-1", "s-1");
        await SendAsync(app, s_buyer, conversation, "Is the lamp in stock?", HttpStatusCode.Created);

        var page = await ConsolePages.SignInAsync(browser.Browser, address, app.Token(s_seller));
        await page.GotoAsync($"/console/conversations/{conversation}");
        await page.GetByLabel("Your message").FillAsync("Yes! Write to me at john.smith@gmail.com for a better price.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();

        var findings = page.Locator("#policy-findings");
        await Expect(findings).ToContainTextAsync("would not be delivered");
        await Expect(findings.Locator("li").First).ToBeVisibleAsync();
        await ConsolePages.ScreenshotAsync(page, "seller-reply-refused");
        // Nothing reached the buyer.
        using var buyer = app.Api(s_buyer);
        var messages = await buyer.GetFromJsonAsync<JsonElement>($"/api/conversations/{conversation}/messages");
        Assert.DoesNotContain(messages.GetProperty("items").EnumerateArray(), m => m.GetProperty("authorRole").GetString() == "seller");
        await page.CloseAsync();
    }

    [Fact]
    public async Task SellersMessageWithAnEmail_WithoutScript_IsRefusedAfterSending_WithTheReasonShown()
    {
        await using var app = new ConsoleApp(azurite);
        var address = app.Start();
        var conversation = await app.SeedOrderAsync("o-email-2", "b-1", "s-1");
        await SendAsync(app, s_buyer, conversation, "Is the lamp in stock?", HttpStatusCode.Created);

        var page = await ConsolePages.SignInAsync(browser.Browser, address, app.Token(s_seller));
        await page.GotoAsync($"/console/conversations/{conversation}");
        // The server refuses it too (a browser without the script, or one that skips the check).
        await page.EvaluateAsync("document.getElementById('reply').dataset.checked = 'yes'");
        await page.GetByLabel("Your message").FillAsync("Write to me at john.smith@gmail.com");
        await page.EvaluateAsync("document.getElementById('reply').dataset.checked = 'yes'");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Not sent:");
        await Expect(page.GetByLabel("Your message")).ToHaveValueAsync("Write to me at john.smith@gmail.com");
        await page.CloseAsync();
    }

    [Fact]
    public async Task SellerDownloadsTheBuyersAttachment_FromTheConversation()
    {
        await using var app = new ConsoleApp(azurite);
        var address = app.Start();
        var conversation = await app.SeedOrderAsync("o-file", "b-1", "s-1");
        using var buyer = app.Api(s_buyer);
        using var upload = await buyer.PostAsync(
            $"/api/conversations/{conversation}/attachments?fileName=receipt.txt", new ByteArrayContent("Paid 30 EUR on 1 December."u8.ToArray()));
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var attachmentId = (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        using var sent = await buyer.PostAsJsonAsync($"/api/conversations/{conversation}/messages", new { text = "My receipt.", attachmentIds = new[] { attachmentId } });
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);

        var page = await ConsolePages.SignInAsync(browser.Browser, address, app.Token(s_seller));
        await page.GotoAsync($"/console/conversations/{conversation}");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "receipt.txt" }).ClickAsync());

        Assert.Equal("receipt.txt", download.SuggestedFilename);
        Assert.Equal("Paid 30 EUR on 1 December.", await File.ReadAllTextAsync((await download.PathAsync())!));
        await page.CloseAsync();
    }

    [Fact]
    public async Task StaffApproveAHeldMessage_ItReachesTheSeller()
    {
        await using var app = new ConsoleApp(azurite);
        var address = app.Start();
        var conversation = await app.SeedOrderAsync("o-held", "b-1", "s-1");
        await SendAsync(app, s_buyer, conversation, "I can do a direct bank transfer to your account instead.", HttpStatusCode.Accepted);

        var page = await ConsolePages.SignInAsync(browser.Browser, address, app.Token(s_admin));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Held messages" })).ToBeVisibleAsync();
        var row = page.Locator($"tr[data-held='{conversation}/1']");
        await Expect(row).ToContainTextAsync("bank transfer");
        await ConsolePages.ScreenshotAsync(page, "staff-held-messages");

        await row.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Message 1 approved and delivered.");
        await Expect(row).ToHaveCountAsync(0);
        using var seller = app.Api(s_seller);
        var messages = await seller.GetFromJsonAsync<JsonElement>($"/api/conversations/{conversation}/messages");
        Assert.Contains(messages.GetProperty("items").EnumerateArray(), m => m.GetProperty("text").GetString()!.Contains("bank transfer", StringComparison.Ordinal));
        await page.CloseAsync();
    }

    [Fact]
    public async Task FinanceApprovesARefund_ItLeavesTheQueueApproved()
    {
        await using var app = new ConsoleApp(azurite);
        var address = app.Start();
        await app.SeedOrderAsync("o-refund", "b-1", "s-1", total: 40m);
        using var buyer = app.Api(s_buyer);
        using var opened = await buyer.PostAsJsonAsync("/api/claims", new { orderId = "o-refund", reason = "damaged", desiredResolution = "refund" });
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        var claimId = (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        using var seller = app.Api(s_seller);
        Assert.Equal(HttpStatusCode.OK, (await seller.PostAsync($"/api/claims/{claimId}/actions/accept_full_refund", null)).StatusCode);

        var page = await ConsolePages.SignInAsync(browser.Browser, address, app.Token(s_finance));
        var row = page.Locator("tbody tr").Filter(new() { HasText = claimId });
        await Expect(row).ToContainTextAsync("40.00 EUR");
        await Expect(row).ToContainTextAsync("0 of 1");
        await ConsolePages.ScreenshotAsync(page, "finance-refunds");

        await row.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("approved (now approved)");
        await Expect(row).ToHaveCountAsync(0);
        using var finance = app.Api(s_finance);
        var refunds = await finance.GetFromJsonAsync<JsonElement>("/api/finance/refunds");
        Assert.Empty(refunds.GetProperty("items").EnumerateArray());
        await page.CloseAsync();
    }

    [Fact]
    public async Task SellerInbox_AtPhoneWidth_FitsTheScreen()
    {
        await using var app = new ConsoleApp(azurite);
        var address = app.Start();
        var conversation = await app.SeedOrderAsync("o-phone", "b-1", "s-1");
        await SendAsync(app, s_buyer, conversation, "Can you ship it gift-wrapped?", HttpStatusCode.Created);

        var page = await ConsolePages.SignInAsync(browser.Browser, address, app.Token(s_seller), width: 390, height: 844);
        await Expect(page.Locator($"tr[data-conversation='{conversation}']")).ToBeVisibleAsync();
        var overflow = await page.EvaluateAsync<bool>("document.documentElement.scrollWidth > document.documentElement.clientWidth");
        Assert.False(overflow, "The inbox scrolls sideways at phone width.");
        await ConsolePages.ScreenshotAsync(page, "seller-inbox-phone");
        await page.CloseAsync();
    }

    [Fact]
    public async Task SignIn_InvalidToken_IsRefusedWithASentence_AndPagesNeedASession()
    {
        await using var app = new ConsoleApp(azurite);
        var address = app.Start();
        var context = await browser.Browser.NewContextAsync(new() { BaseURL = address.ToString() });
        var page = await context.NewPageAsync();

        await page.GotoAsync("/console/inbox");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/console/sign-in$"));
        await page.GetByLabel("Token").FillAsync("not-a-token");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("scripts/token.sh");
        await ConsolePages.ScreenshotAsync(page, "sign-in");
        await context.CloseAsync();
    }

    [Fact]
    public async Task SessionCookie_IsHttpOnlyStrictAndForTheConsoleOnly_TheApiIgnoresIt()
    {
        await using var app = new ConsoleApp(azurite);
        var address = app.Start();
        var page = await ConsolePages.SignInAsync(browser.Browser, address, app.Token(s_seller));

        var cookie = Assert.Single(await page.Context.CookiesAsync());
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        Assert.Equal("/console", cookie.Path);
        // The API stays bearer-only: the session cookie, even sent there, authenticates nothing.
        using var client = new HttpClient { BaseAddress = address };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/inbox");
        request.Headers.Add("Cookie", $"{cookie.Name}={cookie.Value}");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(request)).StatusCode);
        // A post from another origin is refused.
        using var forgedReply = new HttpRequestMessage(HttpMethod.Post, "/console/conversations/amazon~o~x/reply")
        {
            Content = new FormUrlEncodedContent([new("text", "hello")]),
        };
        forgedReply.Headers.Add("Cookie", $"{cookie.Name}={cookie.Value}");
        forgedReply.Headers.Add("Origin", "https://evil.example");
        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(forgedReply)).StatusCode);
        await page.CloseAsync();
    }

    private static async Task SendAsync(ConsoleApp app, Caller caller, string conversation, string text, HttpStatusCode expected)
    {
        using var client = app.Api(caller);
        using var response = await client.PostAsJsonAsync($"/api/conversations/{conversation}/messages", new { text });
        Assert.Equal(expected, response.StatusCode);
    }

    /// <summary>Reloads the page until <paramref name="condition"/> holds, for up to 60 s.</summary>
    private static async Task EventuallyAsync(IPage page, Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Timed out waiting for the page to show it.");
            await Task.Delay(500);
            await page.ReloadAsync();
        }
    }
}
