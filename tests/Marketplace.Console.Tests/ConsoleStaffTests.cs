using System.Net;
using System.Net.Http.Json;
using Azure.Storage.Queues;
using Marketplace.Functions.Hosting;
using Marketplace.Functions.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Serverless.Testing;
using static Microsoft.Playwright.Assertions;

namespace Marketplace.Console.Tests;

/// <summary>Marketplace staff's other pages: poison queues with requeue, a conversation's audit log; and what other roles are refused.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConsoleStaffTests(AzuriteFixture azurite, BrowserFixture browser)
{
    private static readonly Caller s_admin = new(CallerRole.Admin, "admin-1", null);
    private static readonly Caller s_buyer = new(CallerRole.Buyer, "b-1", "amazon");
    private static readonly Caller s_seller = new(CallerRole.Seller, "s-1", "amazon");

    [Fact]
    public async Task AdminRequeuesADeadLetter_ItLeavesThePoisonQueue()
    {
        await using var app = new ConsoleApp(azurite);
        var address = app.Start();
        var checks = app.Services.GetRequiredService<FunctionRegistry>().Queue.Single(q => q.QueueName.EndsWith("conversation-checks", StringComparison.Ordinal));
        var poison = app.Services.GetRequiredService<QueueServiceClient>().GetQueueClient(checks.PoisonQueueName);
        await poison.CreateIfNotExistsAsync();
        await poison.SendMessageAsync("not a conversation check");

        var page = await ConsolePages.SignInAsync(browser.Browser, address, app.Token(s_admin));
        await page.GetByRole(AriaRole.Link, new() { Name = "Poison queues" }).ClickAsync();
        var section = page.Locator($"section[data-queue='{checks.QueueName}']");
        await Expect(section.Locator("tbody tr")).ToHaveCountAsync(1);
        await ConsolePages.ScreenshotAsync(page, "staff-poison-queues");

        await section.GetByRole(AriaRole.Button, new() { Name = "Requeue", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"1 message(s) moved back to {checks.QueueName}.");
        await page.CloseAsync();
    }

    [Fact]
    public async Task AdminReadsAConversation_TheAuditLogShowsTheRead()
    {
        await using var app = new ConsoleApp(azurite);
        var address = app.Start();
        var conversation = await app.SeedOrderAsync("o-audit", "b-1", "s-1");
        using var buyer = app.Api(s_buyer);
        Assert.Equal(HttpStatusCode.Created, (await buyer.PostAsJsonAsync($"/api/conversations/{conversation}/messages", new { text = "Hello?" })).StatusCode);

        var page = await ConsolePages.SignInAsync(browser.Browser, address, app.Token(s_admin));
        await page.GotoAsync($"/console/conversations/{conversation}");

        await Expect(page.GetByText("Hello?")).ToBeVisibleAsync();
        await Expect(page.Locator("#audit")).ToContainTextAsync("admin admin-1");
        await Expect(page.Locator("#reply")).ToHaveCountAsync(0); // staff read; parties write
        await ConsolePages.ScreenshotAsync(page, "staff-conversation-audit");
        await page.CloseAsync();
    }

    [Theory]
    [InlineData("/console/held")]
    [InlineData("/console/poison")]
    [InlineData("/console/refunds")]
    public async Task StaffPages_ForASeller_AreRefusedWithASentence(string path)
    {
        await using var app = new ConsoleApp(azurite);
        var address = app.Start();
        var page = await ConsolePages.SignInAsync(browser.Browser, address, app.Token(s_seller));

        var response = await page.GotoAsync(path);

        Assert.Equal(403, response!.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        await page.CloseAsync();
    }
}
