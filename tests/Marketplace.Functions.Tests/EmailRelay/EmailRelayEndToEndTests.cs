using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Blobs;
using Marketplace.Functions.Security;
using Marketplace.Functions.Tests.Messaging;
using Marketplace.Storage;
using MailKit.Net.Smtp;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Serverless.Testing;

namespace Marketplace.Functions.Tests.EmailRelay;

/// <summary>
/// The relay end to end on Azurite, through the app's own SMTP listener and its pickup folder: a buyer's message reaches the
/// seller by email from the buyer's alias; the seller's SMTP reply to that alias is stored as the seller's message (quotes
/// cut), ends the reply deadline and reaches the buyer from the seller's alias, threaded; a redelivered email is stored once.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class EmailRelayEndToEndTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string SellerAddress = "seller@shop.test";
    private const string BuyerAddress = "buyer@mail.test";
    private static readonly Caller s_seller = new(CallerRole.Seller, "s-1", "amazon");
    private static readonly Caller s_buyer = new(CallerRole.Buyer, "b-1", "amazon");
    private const string ConversationId = "amazon~o~em-1";

    private readonly EmailRelayApp _app = (EmailRelayApp)new EmailRelayApp(azurite)
        .WithSetting("DurableTask:MaxQueuePollingInterval", "00:00:00.200")
        .WithSetting("DurableTask:WorkerEnabled", "true");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task BuyerMessage_EmailedToSeller_SellersSmtpReplyStoredClosesDeadlineAndReachesBuyer_RedeliveryStoredOnce()
    {
        await _app.RegisterAsync(s_seller, SellerAddress);
        await _app.RegisterAsync(s_buyer, BuyerAddress);
        await _app.PostWebhookAsync(MessagingApp.OrderCreated("e-o", "em-1", "b-1", "s-1"));
        await _app.PostWebhookAsync(MessagingApp.MessageReceived("e-m", "em-1", "buyer", "b-1", "Has my order shipped?", DateTimeOffset.UtcNow));

        // The seller's mailbox: from the buyer's alias, never the buyer's address.
        var toSeller = await _app.WaitForMailAsync(SellerAddress, 1);
        var buyerAlias = toSeller.From.Mailboxes.Single().Address;
        Assert.EndsWith("@" + EmailRelayApp.Domain, buyerAlias, StringComparison.Ordinal);
        Assert.Equal(buyerAlias, toSeller.ReplyTo.Mailboxes.Single().Address);
        Assert.Contains("Has my order shipped?", toSeller.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(BuyerAddress, toSeller.ToString(), StringComparison.Ordinal);
        using var seller = _app.ClientFor(s_seller);
        await MessagingApp.EventuallyAsync(async () => (await OpenDeadlinesAsync(seller)).Count == 1, "the reply deadline to open");

        // The seller answers from their mail client, quoting the buyer.
        var reply = EmailRelayApp.Reply(SellerAddress, buyerAlias, "It shipped this morning.\n\nOn Mon, 23 Nov 2026 at 09:00, Buyer wrote:\n> Has my order shipped?\n");
        reply.InReplyTo = toSeller.MessageId;
        await _app.SendSmtpAsync(reply);

        using var buyer = _app.ClientFor(s_buyer);
        await MessagingApp.EventuallyAsync(async () => (await MessagesAsync(buyer)).Count == 2, "the emailed reply to be stored");
        var stored = (await MessagesAsync(buyer))[1];
        Assert.Equal("seller", stored.GetProperty("authorRole").GetString());
        Assert.Equal("email", stored.GetProperty("source").GetString());
        Assert.Equal("It shipped this morning.", stored.GetProperty("text").GetString());
        await MessagingApp.EventuallyAsync(async () => (await OpenDeadlinesAsync(seller)).Count == 0, "the emailed reply to close the deadline");

        // The buyer's mailbox: from the seller's alias, in the conversation's thread.
        var toBuyer = await _app.WaitForMailAsync(BuyerAddress, 1);
        var sellerAlias = toBuyer.From.Mailboxes.Single().Address;
        Assert.EndsWith("@" + EmailRelayApp.Domain, sellerAlias, StringComparison.Ordinal);
        Assert.NotEqual(buyerAlias, sellerAlias);
        Assert.DoesNotContain(SellerAddress, toBuyer.ToString(), StringComparison.Ordinal);
        Assert.StartsWith("It shipped this morning.", toBuyer.TextBody, StringComparison.Ordinal);
        Assert.Equal(toSeller.MessageId, toBuyer.InReplyTo);
        Assert.Contains(toSeller.References[0], toBuyer.References);

        // The same email delivered again (same Message-ID) is stored once.
        var again = EmailRelayApp.Reply(SellerAddress, buyerAlias, "It shipped this morning.", reply.MessageId);
        await _app.SendSmtpAsync(again);
        await WaitForInboundDrainedAsync();
        Assert.Equal(2, (await MessagesAsync(buyer)).Count);
    }

    private async Task WaitForInboundDrainedAsync()
    {
        var container = _app.Services.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(_app.Services.GetRequiredService<StorageNames>().InboundEmailContainer);
        await MessagingApp.EventuallyAsync(async () =>
        {
            await foreach (var _ in container.GetBlobsAsync())
            {
                return false;
            }

            return true;
        }, "the inbound email to be processed");
    }

    private static async Task<List<JsonElement>> MessagesAsync(HttpClient client) =>
        [.. (await client.GetFromJsonAsync<JsonElement>($"/api/conversations/{ConversationId}/messages")).GetProperty("items").EnumerateArray()];

    private static async Task<List<JsonElement>> OpenDeadlinesAsync(HttpClient seller) =>
        [.. (await seller.GetFromJsonAsync<JsonElement>("/api/seller/deadlines")).GetProperty("items").EnumerateArray()];
}
