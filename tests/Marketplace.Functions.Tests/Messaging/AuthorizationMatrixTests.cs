using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Functions.Security;
using Serverless.Testing;

namespace Marketplace.Functions.Tests.Messaging;

/// <summary>
/// Every endpoint against every kind of caller: the conversation's buyer and seller, another buyer and
/// seller, the same buyer id on another marketplace, an admin, no token and an expired token.
/// Outsiders get 404 (not 403), so conversation ids cannot be probed.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class AuthorizationMatrixTests(AuthorizationMatrixTests.Seeded seeded) : IClassFixture<AuthorizationMatrixTests.Seeded>
{
    private const string Conversation = "amazon~o~matrix-1";

    public static readonly IReadOnlyDictionary<string, Caller?> Callers = new Dictionary<string, Caller?>
    {
        ["buyer"] = new(CallerRole.Buyer, "b-1", "amazon"),
        ["seller"] = new(CallerRole.Seller, "s-1", "amazon"),
        ["otherBuyer"] = new(CallerRole.Buyer, "b-2", "amazon"),
        ["otherSeller"] = new(CallerRole.Seller, "s-2", "amazon"),
        ["buyerOnOtherMarketplace"] = new(CallerRole.Buyer, "b-1", "allegro"),
        ["finance"] = new(CallerRole.Finance, "fin-1", null),
        ["admin"] = new(CallerRole.Admin, "admin-1", null),
        ["none"] = null,
        ["expired"] = new(CallerRole.Buyer, "b-1", "amazon"),
    };

    // Expected status per caller, in the order: buyer, seller, otherBuyer, otherSeller, buyerOnOtherMarketplace, finance, admin, none, expired.
    public static TheoryData<string, string, string, int[]> Matrix => new()
    {
        { "GET", $"/api/conversations/{Conversation}", "", [200, 200, 404, 404, 404, 404, 200, 401, 401] },
        { "GET", $"/api/conversations/{Conversation}/messages", "", [200, 200, 404, 404, 404, 404, 200, 401, 401] },
        { "GET", $"/api/conversations/{Conversation}/messages/1", "", [200, 200, 404, 404, 404, 404, 200, 401, 401] },
        { "POST", $"/api/conversations/{Conversation}/messages", """{"text":"Any news?"}""", [201, 201, 404, 404, 404, 404, 403, 401, 401] },
        { "POST", $"/api/conversations/{Conversation}/read", "{}", [200, 200, 404, 404, 404, 404, 403, 401, 401] },
        { "POST", $"/api/conversations/{Conversation}/attachments?fileName=note.txt", "plain text note", [201, 201, 404, 404, 404, 404, 403, 401, 401] },
        { "GET", $"/api/conversations/{Conversation}/attachments/{{attachment}}", "", [200, 200, 404, 404, 404, 404, 200, 401, 401] },
        { "GET", "/api/inbox", "", [200, 200, 200, 200, 200, 403, 400, 401, 401] },
        { "GET", $"/api/admin/conversations/{Conversation}/audit", "", [403, 403, 403, 403, 403, 403, 200, 401, 401] },
        { "GET", "/api/admin/held-messages", "", [403, 403, 403, 403, 403, 403, 200, 401, 401] },
    };

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Endpoint_EachCaller_GetsTheExpectedStatus(string method, string path, string body, int[] expected)
    {
        var names = Callers.Keys.ToArray();
        var actual = new List<string>();
        for (var i = 0; i < names.Length; i++)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path.Replace("{attachment}", seeded.AttachmentId, StringComparison.Ordinal));
            if (method == "POST")
            {
                request.Content = path.Contains("/attachments", StringComparison.Ordinal)
                    ? new StringContent(body)
                    : new StringContent(body, System.Text.Encoding.UTF8, "application/json");
            }

            if (Callers[names[i]] is { } caller)
            {
                var token = names[i] == "expired" ? seeded.App.ExpiredToken(caller) : seeded.App.Token(caller);
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            using var client = seeded.App.CreateClient();
            using var response = await client.SendAsync(request);
            if ((int)response.StatusCode != expected[i])
            {
                actual.Add($"{names[i]}: expected {expected[i]}, got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }

        Assert.Empty(actual);
    }

    [Fact]
    public async Task Inbox_OtherParties_DoNotSeeTheConversation()
    {
        foreach (var name in new[] { "otherBuyer", "otherSeller", "buyerOnOtherMarketplace" })
        {
            using var client = seeded.App.ClientFor(Callers[name]);
            var inbox = await client.GetFromJsonAsync<JsonElement>("/api/inbox");
            Assert.DoesNotContain(inbox.GetProperty("items").EnumerateArray(), i => i.GetProperty("conversationId").GetString() == Conversation);
        }
    }

    [Fact]
    public async Task AdminRead_IsRecordedInTheAuditLog()
    {
        using var admin = seeded.App.ClientFor(Callers["admin"]);

        await admin.GetAsync($"/api/conversations/{Conversation}/messages");
        var audit = await admin.GetFromJsonAsync<JsonElement>($"/api/admin/conversations/{Conversation}/audit");

        Assert.Contains(audit.EnumerateArray(), e => e.GetProperty("readerId").GetString() == "admin-1"
            && e.GetProperty("action").GetString() == "read_messages");
    }

    [Fact]
    public async Task ExpiredToken_SaysItExpired()
    {
        using var client = seeded.App.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", seeded.App.ExpiredToken(Callers["buyer"]!));

        var response = await client.GetAsync($"/api/conversations/{Conversation}");

        Assert.Equal("token_expired", (await MessagingApp.JsonAsync(response)).GetProperty("code").GetString());
    }

    /// <summary>One app and one conversation (buyer b-1, seller s-1) with a message and an attachment in it.</summary>
    public sealed class Seeded : IAsyncLifetime
    {
        private readonly AzuriteFixture _azurite = new();

        public MessagingApp App { get; private set; } = null!;

        public string AttachmentId { get; private set; } = "";

        public async Task InitializeAsync()
        {
            await _azurite.InitializeAsync();
            App = new MessagingApp(_azurite);
            await App.SeedOrderAsync("matrix-1", "b-1", "s-1");
            using var buyer = App.ClientFor(Callers["buyer"]);
            var upload = await buyer.PostAsync($"/api/conversations/{Conversation}/attachments?fileName=receipt.txt", new StringContent("Receipt 113-4567890"));
            upload.EnsureSuccessStatusCode();
            AttachmentId = (await MessagingApp.JsonAsync(upload)).GetProperty("id").GetString()!;
            var send = await buyer.PostAsJsonAsync($"/api/conversations/{Conversation}/messages", new { text = "Where is it?", attachmentIds = new[] { AttachmentId } });
            send.EnsureSuccessStatusCode();
        }

        public async Task DisposeAsync()
        {
            await App.DisposeAsync();
            await _azurite.DisposeAsync();
        }
    }
}
