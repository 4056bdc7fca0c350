using System.Net;
using System.Net.Http.Json;
using Deque.AxeCore.Playwright;
using Marketplace.Functions.Security;
using Microsoft.Playwright;
using Serverless.Testing;

namespace Marketplace.Console.Tests;

/// <summary>axe-core's rules (labels, landmarks, contrast, names, ARIA) on the console's pages, at desktop and phone width.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConsoleAccessibilityTests(AzuriteFixture azurite, BrowserFixture browser)
{
    private static readonly Caller s_buyer = new(CallerRole.Buyer, "b-1", "amazon");
    private static readonly Caller s_seller = new(CallerRole.Seller, "s-1", "amazon");
    private static readonly Caller s_admin = new(CallerRole.Admin, "admin-1", null);

    [Theory]
    [InlineData(1280)]
    [InlineData(390)]
    public async Task ConsolePages_HaveNoAxeViolations(int width)
    {
        await using var app = new ConsoleApp(azurite);
        var address = app.Start();
        var conversation = await app.SeedOrderAsync("o-a11y", "b-1", "s-1", total: 30m);
        using var buyer = app.Api(s_buyer);
        Assert.Equal(HttpStatusCode.Created, (await buyer.PostAsJsonAsync($"/api/conversations/{conversation}/messages", new { text = "Does it come with a bulb?" })).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await buyer.PostAsJsonAsync($"/api/conversations/{conversation}/messages", new { text = "I can do a direct bank transfer to your account instead." })).StatusCode);

        var context = await browser.Browser.NewContextAsync(new() { BaseURL = address.ToString(), ViewportSize = new() { Width = width, Height = 800 } });
        var signIn = await context.NewPageAsync();
        await signIn.GotoAsync("/console/sign-in");
        await AssertNoViolationsAsync(signIn);
        await context.CloseAsync();

        var seller = await ConsolePages.SignInAsync(browser.Browser, address, app.Token(s_seller), width);
        foreach (var path in new[] { "/console/inbox", $"/console/conversations/{conversation}", "/console/claims", "/console/seller" })
        {
            await seller.GotoAsync(path);
            await AssertNoViolationsAsync(seller);
        }

        var admin = await ConsolePages.SignInAsync(browser.Browser, address, app.Token(s_admin), width);
        foreach (var path in new[] { "/console/held", "/console/poison" })
        {
            await admin.GotoAsync(path);
            await AssertNoViolationsAsync(admin);
        }
    }

    private static async Task AssertNoViolationsAsync(IPage page)
    {
        var result = await page.RunAxe();
        Assert.NotEmpty(result.Passes); // the rules ran in the page (the console's script policy does not stop them)
        var violations = result.Violations.Select(v => $"{v.Id}: {v.Help} ({string.Join(", ", v.Nodes.Select(n => n.Html))})").ToList();
        Assert.True(violations.Count == 0, $"{page.Url}:\n" + string.Join("\n", violations));
    }
}
