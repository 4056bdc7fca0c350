using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Functions.Deadlines;
using Marketplace.Functions.Errors;
using Marketplace.Functions.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Serverless.Testing;

namespace Marketplace.Functions.Tests.Messaging;

/// <summary>One spelling for each kind of value across the API: enums, durations, roles, problem types; errors say how to fix them.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ApiFormatTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly Caller s_buyer = new(CallerRole.Buyer, "b-1", "amazon");
    private static readonly Caller s_admin = new(CallerRole.Admin, "admin-1", null);

    private readonly MessagingApp _app = new(azurite);

    public async Task InitializeAsync() => await _app.SeedOrderAsync("f-1", "b-1", "s-1");

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Inbox_EnumsAreNamesAsInTheConversation()
    {
        using var buyer = _app.ClientFor(s_buyer);

        var entry = (await MessagingApp.JsonAsync(await buyer.GetAsync("/api/inbox"))).GetProperty("items")[0];
        var conversation = await MessagingApp.JsonAsync(await buyer.GetAsync("/api/conversations/amazon~o~f-1"));

        Assert.Equal("order", entry.GetProperty("kind").GetString());
        Assert.Equal("placed", entry.GetProperty("orderStatus").GetString());
        Assert.Equal(conversation.GetProperty("kind").GetString(), entry.GetProperty("kind").GetString());
        Assert.Equal(conversation.GetProperty("orderStatus").GetString(), entry.GetProperty("orderStatus").GetString());
    }

    [Fact]
    public void HttpJson_Durations_AreIso8601()
    {
        var options = _app.Services.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        var view = new OpenDeadlineView("c", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, TimeSpan.FromMinutes(90), false, null);

        var json = JsonSerializer.SerializeToElement(view, options);

        Assert.Equal("PT1H30M", json.GetProperty("timeLeft").GetString());
    }

    [Fact]
    public async Task Audit_ReaderRole_IsLowerCase()
    {
        using var admin = _app.ClientFor(s_admin);
        (await admin.GetAsync("/api/conversations/amazon~o~f-1")).EnsureSuccessStatusCode();

        var audit = await admin.GetFromJsonAsync<JsonElement>("/api/admin/conversations/amazon~o~f-1/audit");

        Assert.Equal("admin", audit[0].GetProperty("readerRole").GetString());
    }

    [Fact]
    public async Task Upload_MultipartForm_Is415SayingToSendRawBytes()
    {
        using var buyer = _app.ClientFor(s_buyer);
        using var form = new MultipartFormDataContent { { new ByteArrayContent("%PDF-1.4\n"u8.ToArray()), "file", "a.pdf" } };

        var response = await buyer.PostAsync("/api/conversations/amazon~o~f-1/attachments?fileName=a.pdf", form);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        var problem = await MessagingApp.JsonAsync(response);
        Assert.Equal("multipart_not_supported", problem.GetProperty("code").GetString());
        Assert.Contains("--data-binary", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inbox_SellerTokenWithoutMarketplace_SaysHowToGetOne()
    {
        using var seller = _app.ClientFor(new Caller(CallerRole.Seller, "s-1", null));

        var problem = await MessagingApp.JsonAsync(await seller.GetAsync("/api/inbox"));

        Assert.Contains("scripts/token.sh <role> <partyId> <marketplace>", problem.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Errors_EveryProblemType_IsTheOneSchemeWithItsCode()
    {
        using var anonymous = _app.CreateClient();
        using var buyer = _app.ClientFor(s_buyer);
        using var badJson = new StringContent("{", System.Text.Encoding.UTF8, "application/json");
        var responses = new[]
        {
            await anonymous.GetAsync("/api/inbox"),
            await buyer.GetAsync("/api/no-such-thing"),
            await buyer.DeleteAsync("/api/inbox"),
            await buyer.GetAsync("/api/inbox?nope=1"),
            await buyer.PostAsync("/api/conversations/amazon~o~f-1/messages", badJson),
            await buyer.GetAsync("/api/conversations/amazon~o~nope"),
            await anonymous.GetAsync("/runtime/webhooks/durabletask/instances/x"),
            await anonymous.PostAsync("/api/webhooks/nowhere", new StringContent("{}", MediaTypeHeaderValue.Parse("application/json"))),
        };

        foreach (var response in responses)
        {
            Assert.False(response.IsSuccessStatusCode);
            var problem = await MessagingApp.JsonAsync(response);
            var code = problem.GetProperty("code").GetString();
            Assert.Equal(Problems.TypeBase + code, problem.GetProperty("type").GetString());
        }
    }
}
