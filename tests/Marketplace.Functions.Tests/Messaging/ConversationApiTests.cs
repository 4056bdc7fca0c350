using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Marketplace.Functions.Security;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Testing;

namespace Marketplace.Functions.Tests.Messaging;

[Collection(AzuriteCollection.Name)]
public sealed class ConversationApiTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly Caller s_buyer = new(CallerRole.Buyer, "b-1", "amazon");
    private static readonly Caller s_seller = new(CallerRole.Seller, "s-1", "amazon");

    private readonly MessagingApp _app = new(azurite);
    private string _conversation = "";

    public async Task InitializeAsync() => _conversation = (await _app.SeedOrderAsync("api-1", "b-1", "s-1")).Id;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Send_200ConcurrentMessages_Exactly200StoredAndTheHeaderAgrees()
    {
        using var buyer = _app.ClientFor(s_buyer);
        using var seller = _app.ClientFor(s_seller);
        (await buyer.PostAsJsonAsync(Messages, new { text = "first" })).EnsureSuccessStatusCode();

        var responses = await Task.WhenAll(Enumerable.Range(0, 199).Select(i =>
            i % 2 == 0
                ? seller.PostAsJsonAsync(Messages, new { text = $"message {i}", reason = "confirm_delivery_details" })
                : buyer.PostAsJsonAsync(Messages, new { text = $"message {i}" })));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var all = await ReadAllAsync(buyer, pageSize: 50);
        Assert.Equal(200, all.Count);
        Assert.Equal(Enumerable.Range(1, 200).Select(i => (long)i), all.Select(m => m.GetProperty("id").GetInt64()));
        var header = await buyer.GetFromJsonAsync<JsonElement>($"/api/conversations/{_conversation}");
        Assert.Equal(200, header.GetProperty("messageCount").GetInt64());
        Assert.Equal(all[^1].GetProperty("sentAt").GetDateTimeOffset(), header.GetProperty("lastMessageAt").GetDateTimeOffset());
        Assert.Equal(all[^1].GetProperty("authorRole").GetString(), header.GetProperty("lastMessageAuthor").GetString());
    }

    [Fact]
    public async Task Send_SameIdempotencyKeyTwice_StoresOnceAndReplays()
    {
        using var buyer = _app.ClientFor(s_buyer);
        buyer.DefaultRequestHeaders.Add("Idempotency-Key", "retry-1");

        var first = await buyer.PostAsJsonAsync(Messages, new { text = "Once only" });
        var second = await buyer.PostAsJsonAsync(Messages, new { text = "Once only" });

        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal("true", second.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal((await MessagingApp.JsonAsync(first)).GetProperty("id").GetInt64(), (await MessagingApp.JsonAsync(second)).GetProperty("id").GetInt64());
        Assert.Single(await ReadAllAsync(buyer, 10));
    }

    [Fact]
    public async Task Send_SameIdempotencyKeyForAnotherMessage_Is422NamingTheFirstAndStoresNothingNew()
    {
        using var buyer = _app.ClientFor(s_buyer);
        buyer.DefaultRequestHeaders.Add("Idempotency-Key", "reused-1");
        var first = await buyer.PostAsJsonAsync(Messages, new { text = "Where is my parcel?" });

        var reused = await buyer.PostAsJsonAsync(Messages, new { text = "Also, can I change the address?" });
        var retried = await buyer.PostAsJsonAsync(Messages, new { text = "Where is my parcel?" });

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
        var problem = await MessagingApp.JsonAsync(reused);
        Assert.Equal("idempotency_key_reused", problem.GetProperty("code").GetString());
        Assert.Contains("new key", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal((await MessagingApp.JsonAsync(first)).GetProperty("id").GetInt64(), problem.GetProperty("messageId").GetInt64());
        Assert.Equal(HttpStatusCode.Created, retried.StatusCode); // the first body again is still a retry, replayed
        Assert.Equal("true", retried.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(["Where is my parcel?"], (await ReadAllAsync(buyer, 10)).Select(m => m.GetProperty("text").GetString()));
    }

    [Fact]
    public async Task Send_RetryWithIdempotencyKeyAndAttachment_ReplaysInsteadOfRefusingTheTakenAttachment()
    {
        using var buyer = _app.ClientFor(s_buyer);
        var upload = await buyer.PostAsync($"/api/conversations/{_conversation}/attachments?fileName=note.txt", new StringContent("Receipt"));
        var attachmentId = (await MessagingApp.JsonAsync(upload)).GetProperty("id").GetString();
        buyer.DefaultRequestHeaders.Add("Idempotency-Key", "with-attachment-1");

        var first = await buyer.PostAsJsonAsync(Messages, new { text = "See attached", attachmentIds = new[] { attachmentId } });
        var retry = await buyer.PostAsJsonAsync(Messages, new { text = "See attached", attachmentIds = new[] { attachmentId } });

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Single(await ReadAllAsync(buyer, 10));
    }

    [Fact]
    public async Task Send_TextOverTheProfileLimit_Is400NamingTheLimit()
    {
        using var buyer = _app.ClientFor(s_buyer);

        var response = await buyer.PostAsJsonAsync(Messages, new { text = new string('a', 2001) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("at most 2000", (await MessagingApp.JsonAsync(response)).GetProperty("errors").GetProperty("text")[0].GetString(), StringComparison.Ordinal);
        Assert.Empty(await ReadAllAsync(buyer, 10));
    }

    [Fact]
    public async Task MarkRead_ClearsUnreadInTheReadersInbox_AndShowsAsReadToTheAuthor()
    {
        using var buyer = _app.ClientFor(s_buyer);
        using var seller = _app.ClientFor(s_seller);
        (await buyer.PostAsJsonAsync(Messages, new { text = "Hello?" })).EnsureSuccessStatusCode();
        Assert.Equal(1, await UnreadAsync(seller));
        Assert.False((await ReadAllAsync(buyer, 10))[0].GetProperty("readByRecipient").GetBoolean());

        (await seller.PostAsJsonAsync($"/api/conversations/{_conversation}/read", new { })).EnsureSuccessStatusCode();

        Assert.Equal(0, await UnreadAsync(seller));
        Assert.True((await ReadAllAsync(buyer, 10))[0].GetProperty("readByRecipient").GetBoolean());
    }

    [Fact]
    public async Task Messages_PagingWhileOthersSend_NeverSkipsOrRepeats()
    {
        using var buyer = _app.ClientFor(s_buyer);
        using var seller = _app.ClientFor(s_seller);
        for (var i = 0; i < 20; i++)
        {
            (await buyer.PostAsJsonAsync(Messages, new { text = $"m{i}" })).EnsureSuccessStatusCode();
        }

        var writer = Task.Run(async () =>
        {
            for (var i = 0; i < 20; i++)
            {
                (await seller.PostAsJsonAsync(Messages, new { text = $"w{i}", reason = "confirm_delivery_details" })).EnsureSuccessStatusCode();
            }
        });
        var seen = await ReadAllAsync(buyer, pageSize: 3);
        await writer;

        var ids = seen.Select(m => m.GetProperty("id").GetInt64()).ToList();
        Assert.Equal(Enumerable.Range(1, ids.Count).Select(i => (long)i), ids);
        Assert.True(ids.Count >= 20);
    }

    [Fact]
    public async Task Inbox_BadCursor_Is400()
    {
        using var buyer = _app.ClientFor(s_buyer);

        var response = await buyer.GetAsync("/api/inbox?cursor=%%%");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await MessagingApp.JsonAsync(response)).GetProperty("errors").TryGetProperty("cursor", out _));
    }

    [Theory]
    [InlineData("buyer", "a/b", "amazon")]
    [InlineData("buyer", "#", "amazon")]
    [InlineData("buyer", " ", "amazon")]
    [InlineData("buyer", "x' or ''='", "amazon")]
    [InlineData("5", "b-1", "amazon")]
    [InlineData("buyer,seller", "b-1", "amazon")]
    [InlineData("seller", "s-1", "a/b")]
    [InlineData("seller", "s-1", "..")]
    public async Task Inbox_AdminNamingAMalformedOwner_Is400AndNothingIsAudited(string role, string partyId, string marketplace)
    {
        using var admin = _app.ClientFor(new Caller(CallerRole.Admin, "admin-1", null));

        var response = await admin.GetAsync(
            $"/api/inbox?role={Uri.EscapeDataString(role)}&partyId={Uri.EscapeDataString(partyId)}&marketplace={Uri.EscapeDataString(marketplace)}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("validation_failed", (await MessagingApp.JsonAsync(response)).GetProperty("code").GetString());
        var audit = _app.Services.GetRequiredService<TableServiceClient>().GetTableClient(_app.Names.AdminAudit);
        Assert.Empty(await audit.QueryAsync<TableEntity>().ToListAsync());
    }

    [Fact]
    public async Task Inbox_AdminNamingAnOwner_IsAudited()
    {
        using var admin = _app.ClientFor(new Caller(CallerRole.Admin, "admin-1", null));

        var response = await admin.GetAsync("/api/inbox?role=Buyer&partyId=b-1&marketplace=amazon");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(_conversation, (await MessagingApp.JsonAsync(response)).GetProperty("items")[0].GetProperty("conversationId").GetString());
        var audit = _app.Services.GetRequiredService<TableServiceClient>().GetTableClient(_app.Names.AdminAudit);
        Assert.Single(await audit.QueryAsync<TableEntity>().ToListAsync());
    }

    private string Messages => $"/api/conversations/{_conversation}/messages";

    private async Task<int> UnreadAsync(HttpClient client)
    {
        var inbox = await client.GetFromJsonAsync<JsonElement>("/api/inbox");
        return inbox.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("conversationId").GetString() == _conversation)
            .GetProperty("unread").GetInt32();
    }

    private async Task<List<JsonElement>> ReadAllAsync(HttpClient client, int pageSize)
    {
        var all = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var page = await client.GetFromJsonAsync<JsonElement>($"{Messages}?limit={pageSize}" + (cursor is null ? "" : $"&cursor={cursor}"));
            all.AddRange(page.GetProperty("items").EnumerateArray());
            cursor = page.GetProperty("nextCursor").ValueKind == JsonValueKind.Null ? null : page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);
        return all;
    }
}
