using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Domain.Conversations;
using Marketplace.Domain.Events;
using Marketplace.Functions.Messaging.Events;
using Marketplace.Functions.Security;
using Marketplace.Storage;
using Microsoft.Extensions.DependencyInjection;
using Marketplace.DurableHosting;
using Marketplace.Functions.Tests.Durable;
using Microsoft.DurableTask.Client;
using Serverless.Testing;

namespace Marketplace.Functions.Tests.Messaging;

/// <summary>
/// An API write that dies after its commit: the follow-up check it queued first repairs the inboxes, the admins'
/// held queue and the seller's reply deadline (a webhook's own queue message does this for webhooks).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ConversationCheckTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Conversation = "amazon~o~chk-1";

    private static readonly Caller s_seller = new(CallerRole.Seller, "s-1", "amazon");
    private static readonly Caller s_buyer = new(CallerRole.Buyer, "b-1", "amazon");
    private static readonly Caller s_admin = new(CallerRole.Admin, "admin-1", null);

    private readonly MessagingApp _app = (MessagingApp)new MessagingApp(azurite)
        .WithSetting("Messaging:FollowUpCheckDelay", "00:00:01")
        .WithSetting("DurableTask:MaxQueuePollingInterval", "00:00:00.200")
        .WithSetting("DurableTask:WorkerEnabled", "true")
        // The first deadline start fails, as if the process died right after the message committed.
        .WithServices(services => services.AddSingleton<DurableTaskClient>(sp => new CrashOnFirstStartClient(
            ActivatorUtilities.CreateInstance<SelfHostDurableTaskClient>(sp))));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task BuyerMessageThroughTheApi_DiesBeforeTheDeadlineStarts_TheCheckStartsIt()
    {
        await _app.SeedOrderAsync("chk-1", "b-1", "s-1");
        using var buyer = _app.ClientFor(s_buyer);
        using var seller = _app.ClientFor(s_seller);

        var response = await buyer.PostAsJsonAsync($"/api/conversations/{Conversation}/messages", new { text = "Has it shipped?" });

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var stored = await _app.Services.GetRequiredService<ConversationStore>().GetAsync(Conversation, CancellationToken.None);
        Assert.Equal(PartyRole.Seller, stored!.Summary.AwaitingReplyFrom);
        await MessagingApp.EventuallyAsync(async () => (await OpenDeadlinesAsync(seller)).Count == 1, "the check to start the deadline");
        var open = (await OpenDeadlinesAsync(seller)).Single();
        Assert.Equal(stored.Summary.AwaitingReplySince!.Value.AddHours(24), open.GetProperty("dueAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task MessagesCommittedWithNothingAfterThem_TheCheckRepairsInboxHeldQueueAndDeadline()
    {
        await _app.SeedOrderAsync("chk-1", "b-1", "s-1");
        using var seller = _app.ClientFor(s_seller);
        using var admin = _app.ClientFor(s_admin);
        // Exactly what a request leaves when it dies after the commit: the messages, and nothing that follows them.
        var store = _app.Services.GetRequiredService<ConversationStore>();
        var sentAt = DateTimeOffset.UtcNow;
        var held = await store.AppendMessageAsync(Conversation, null, _ => Buyer("Pay me by bank transfer", sentAt) with { Status = MessageStatus.Held }, CancellationToken.None);
        await store.AppendMessageAsync(Conversation, null, _ => Buyer("Where is my parcel?", sentAt.AddSeconds(1)), CancellationToken.None);
        Assert.Equal(0, (await seller.GetFromJsonAsync<JsonElement>("/api/inbox?filter=awaiting-reply")).GetProperty("items").GetArrayLength());
        Assert.Empty(await HeldAsync(admin));
        Assert.Empty(await OpenDeadlinesAsync(seller));

        await _app.Services.GetRequiredService<ConversationChecks>().ScheduleAsync(Conversation, CancellationToken.None);

        await MessagingApp.EventuallyAsync(async () => (await OpenDeadlinesAsync(seller)).Count == 1, "the check to start the deadline");
        var inbox = (await seller.GetFromJsonAsync<JsonElement>("/api/inbox?filter=awaiting-reply")).GetProperty("items");
        Assert.Equal(Conversation, inbox[0].GetProperty("conversationId").GetString());
        Assert.Equal(1, inbox[0].GetProperty("unread").GetInt32());
        var listed = Assert.Single(await HeldAsync(admin));
        Assert.Equal(held.Message.Sequence, listed.GetProperty("message").GetProperty("id").GetInt64());
    }

    private static NewMessage Buyer(string text, DateTimeOffset sentAt) =>
        new(PartyRole.Buyer, "b-1", text, sentAt, null, MessageSource.Api, null, [], []);

    private static async Task<List<JsonElement>> OpenDeadlinesAsync(HttpClient seller) =>
        [.. (await seller.GetFromJsonAsync<JsonElement>("/api/seller/deadlines")).GetProperty("items").EnumerateArray()];

    private static async Task<List<JsonElement>> HeldAsync(HttpClient admin) =>
        [.. (await admin.GetFromJsonAsync<JsonElement>("/api/admin/held-messages")).GetProperty("items").EnumerateArray()
            .Where(i => i.GetProperty("conversationId").GetString() == Conversation)];
}
