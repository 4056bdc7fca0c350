using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Domain.Conversations;
using Marketplace.Domain.Events;
using Marketplace.Domain.Webhooks;
using Marketplace.Functions.EmailRelay;
using Marketplace.Functions.Security;
using Marketplace.Functions.Tests.Messaging;
using Marketplace.Storage;
using Marketplace.Storage.Email;
using MailKit.Net.Smtp;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Serverless.Testing;

namespace Marketplace.Functions.Tests.EmailRelay;

/// <summary>
/// What the relay refuses or ignores, through its SMTP listener and its signed inbound webhook: unknown and revoked aliases,
/// unregistered senders and failed SPF are answered 550 with the reason; auto-replies are taken and dropped; aliases are one
/// per (conversation, party) however many create them at once.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class EmailRelayBounceTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string SellerAddress = "seller@shop.test";
    private const string BuyerAddress = "buyer@mail.test";
    private static readonly Caller s_seller = new(CallerRole.Seller, "s-1", "amazon");
    private static readonly Caller s_buyer = new(CallerRole.Buyer, "b-1", "amazon");
    private static readonly Caller s_admin = new(CallerRole.Admin, "admin-1", null);

    private readonly EmailRelayApp _app = new(azurite);
    private Conversation _conversation = null!;
    private string _buyerAlias = null!;

    public async Task InitializeAsync()
    {
        _conversation = new Conversation(
            Identifiers.OrderConversationId("amazon", "bn-1"), "amazon", ConversationKind.Order, "bn-1", null, "b-1", "s-1", "en", OrderStatus.Placed,
            DateTimeOffset.UtcNow, null, [new OrderItem("SKU-1", "Lamp", 1)], ConversationSummary.Empty);
        await _app.Services.GetRequiredService<ConversationStore>().TryCreateAsync(_conversation, CancellationToken.None);
        var alias = await Aliases.GetOrCreateAsync(_conversation.Id, "amazon", PartyRole.Buyer, "b-1", DateTimeOffset.UtcNow, CancellationToken.None);
        _buyerAlias = $"{alias.LocalPart}@{EmailRelayApp.Domain}";
        await _app.RegisterAsync(s_seller, SellerAddress);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private EmailAliasStore Aliases => _app.Services.GetRequiredService<EmailAliasStore>();

    [Fact]
    public async Task SendSmtp_FromAnUnregisteredAddress_Bounces550AndStoresNothing()
    {
        var error = await Assert.ThrowsAsync<SmtpCommandException>(
            () => _app.SendSmtpAsync(EmailRelayApp.Reply("stranger@elsewhere.test", _buyerAlias, "Buy my stuff")));

        Assert.Equal(SmtpStatusCode.MailboxUnavailable, error.StatusCode);
        Assert.Contains("not registered", error.Message, StringComparison.Ordinal);
        Assert.Empty(await MessagesAsync());
    }

    [Fact]
    public async Task SendSmtp_ToARevokedAlias_RcptRefused550WithTheReason()
    {
        using var admin = _app.ClientFor(s_admin);
        var revoke = await admin.PostAsJsonAsync($"/api/admin/email/aliases/{_buyerAlias}/revoke", new { reason = "abuse" });
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);

        var error = await Assert.ThrowsAsync<SmtpCommandException>(
            () => _app.SendSmtpAsync(EmailRelayApp.Reply(SellerAddress, _buyerAlias, "Hello?")));

        Assert.Equal(SmtpErrorCode.RecipientNotAccepted, error.ErrorCode);
        Assert.Equal(SmtpStatusCode.MailboxUnavailable, error.StatusCode);
        Assert.Contains("closed by the marketplace's trust and safety team", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendSmtp_ToAnUnknownAlias_RcptRefused550()
    {
        var error = await Assert.ThrowsAsync<SmtpCommandException>(
            () => _app.SendSmtpAsync(EmailRelayApp.Reply(SellerAddress, "aaaaaaaaaaaaaaaa@" + EmailRelayApp.Domain, "Hello?")));

        Assert.Equal(SmtpErrorCode.RecipientNotAccepted, error.ErrorCode);
        Assert.Contains("No such relay address", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendSmtp_WithFailedSpf_Bounces550()
    {
        var mail = EmailRelayApp.Reply(SellerAddress, _buyerAlias, "Hello");
        mail.Headers.Add("Authentication-Results", "mx.relay.test; spf=fail smtp.mailfrom=shop.test; dkim=none");

        var error = await Assert.ThrowsAsync<SmtpCommandException>(() => _app.SendSmtpAsync(mail));

        Assert.Contains("SPF", error.Message, StringComparison.Ordinal);
        Assert.Empty(await MessagesAsync());
    }

    [Fact]
    public async Task SendSmtp_AnAutoReply_IsTakenButNeverBecomesAMessageOrAnEmail()
    {
        var sellerAlias = await Aliases.GetOrCreateAsync(_conversation.Id, "amazon", PartyRole.Seller, "s-1", DateTimeOffset.UtcNow, CancellationToken.None);
        var to = $"{sellerAlias.LocalPart}@{EmailRelayApp.Domain}";
        await _app.RegisterAsync(s_buyer, BuyerAddress);
        var auto = EmailRelayApp.Reply(BuyerAddress, to, "I am out of the office until Monday.");
        auto.Headers.Add("Auto-Submitted", "auto-replied");
        await _app.SendSmtpAsync(auto);
        // A person's mail after it: once that is stored and relayed, the auto-reply (sent first) has had its chance.
        await _app.SendSmtpAsync(EmailRelayApp.Reply(BuyerAddress, to, "Back now: where is my parcel?"));

        await MessagingApp.EventuallyAsync(async () => (await MessagesAsync()).Count == 1, "the person's email to be stored");
        Assert.Equal("Back now: where is my parcel?", (await MessagesAsync()).Single().GetProperty("text").GetString());
        var relayed = await _app.WaitForMailAsync(SellerAddress, 1);
        Assert.StartsWith("Back now", relayed.TextBody, StringComparison.Ordinal);
        Assert.Single(_app.MailTo(SellerAddress));
    }

    [Fact]
    public async Task InboundWebhook_Signed_StoresTheTextAndTheAllowedAttachmentAndRelaysThem_RefusesBadSignatureAndStrangers()
    {
        // The buyer writes to the seller's alias (a seller's first message would need a reason, and be blocked without one).
        var sellerAlias = await Aliases.GetOrCreateAsync(_conversation.Id, "amazon", PartyRole.Seller, "s-1", DateTimeOffset.UtcNow, CancellationToken.None);
        var to = $"{sellerAlias.LocalPart}@{EmailRelayApp.Domain}";
        await _app.RegisterAsync(s_buyer, BuyerAddress);
        var mail = EmailRelayApp.Reply(BuyerAddress, to, "");
        var body = new BodyBuilder { TextBody = "Here is the photo of the damage.\n\n-- \nSent from my phone" };
        body.Attachments.Add("photo.png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13], new ContentType("image", "png"));
        body.Attachments.Add("setup.exe", [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00], new ContentType("application", "octet-stream"));
        mail.Body = body.ToMessageBody();

        Assert.Equal(HttpStatusCode.Unauthorized, (await PostInboundAsync(mail, "t=1,v1=00")).StatusCode);
        var refused = await PostInboundAsync(EmailRelayApp.Reply("stranger@elsewhere.test", to, "Hi"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal("sender_not_registered", (await MessagingApp.JsonAsync(refused)).GetProperty("code").GetString());

        var accepted = await PostInboundAsync(mail);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        await MessagingApp.EventuallyAsync(async () => (await MessagesAsync()).Count == 1, "the webhook's email to be stored");
        var stored = (await MessagesAsync()).Single();
        Assert.Equal("buyer", stored.GetProperty("authorRole").GetString());
        Assert.Equal("Here is the photo of the damage.", stored.GetProperty("text").GetString());
        var attachment = Assert.Single(stored.GetProperty("attachments").EnumerateArray());
        Assert.Equal("photo.png", attachment.GetProperty("fileName").GetString());

        // Relayed on to the seller with the file as a MIME part (the refused one is not there).
        var toSeller = await _app.WaitForMailAsync(SellerAddress, 1);
        var part = Assert.Single(toSeller.Attachments.OfType<MimePart>());
        Assert.Equal("photo.png", part.FileName);
        Assert.Equal("image/png", part.ContentType.MimeType);
    }

    [Fact]
    public async Task GetOrCreate_ManyCreatorsAtOnce_EndWithOneAlias()
    {
        var created = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            Aliases.GetOrCreateAsync(_conversation.Id, "amazon", PartyRole.Seller, "s-1", DateTimeOffset.UtcNow, CancellationToken.None)));

        var one = Assert.Single(created.Select(a => a.LocalPart).Distinct());
        Assert.Equal(PartyRole.Seller, (await Aliases.FindAsync(one, CancellationToken.None))!.Owner);
        Assert.Equal(one, (await Aliases.GetAsync(_conversation.Id, PartyRole.Seller, CancellationToken.None))!.LocalPart);
    }

    [Fact]
    public async Task PutEmailSettings_BadAddressOrNotificationsWithoutAddress_400NamingTheField()
    {
        using var buyer = _app.ClientFor(s_buyer);

        var bad = await buyer.PutAsJsonAsync("/api/me/email", new { addresses = new[] { "Someone <x@y.test>", "no-at-sign" }, notifications = false });
        var none = await buyer.PutAsJsonAsync("/api/me/email", new { addresses = Array.Empty<string>(), notifications = true });
        var relay = await buyer.PutAsJsonAsync("/api/me/email", new { addresses = new[] { "me@" + EmailRelayApp.Domain }, notifications = false });
        var good = await buyer.PutAsJsonAsync("/api/me/email", new { addresses = new[] { "Me@Mail.Test" }, notifications = true });

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await MessagingApp.JsonAsync(bad)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("addresses[0]", out _));
        Assert.True(errors.TryGetProperty("addresses[1]", out _));
        Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
        Assert.True((await MessagingApp.JsonAsync(none)).GetProperty("errors").TryGetProperty("notifications", out _));
        Assert.Equal(HttpStatusCode.BadRequest, relay.StatusCode);
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        var saved = await buyer.GetFromJsonAsync<JsonElement>("/api/me/email");
        Assert.Equal("me@mail.test", saved.GetProperty("addresses")[0].GetString());
        Assert.True(saved.GetProperty("notifications").GetBoolean());
        Assert.True(saved.GetProperty("relayEnabled").GetBoolean());
    }

    private async Task<HttpResponseMessage> PostInboundAsync(MimeMessage mail, string? signature = null)
    {
        using var buffer = new MemoryStream();
        await mail.WriteToAsync(buffer);
        var bytes = buffer.ToArray();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/email/inbound") { Content = new ByteArrayContent(bytes) };
        request.Headers.TryAddWithoutValidation(EmailRelayFunctions.SignatureHeader, signature ?? WebhookSignature.Create(bytes, EmailRelayApp.InboundSecret, DateTimeOffset.UtcNow));
        using var client = _app.CreateClient();
        return await client.SendAsync(request);
    }

    private async Task<List<JsonElement>> MessagesAsync()
    {
        using var admin = _app.ClientFor(s_admin);
        return [.. (await admin.GetFromJsonAsync<JsonElement>($"/api/conversations/{_conversation.Id}/messages")).GetProperty("items").EnumerateArray()];
    }
}
