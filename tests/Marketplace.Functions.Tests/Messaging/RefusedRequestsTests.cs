using System.Net;
using System.Net.Http.Json;
using Azure.Storage.Queues;
using Marketplace.Functions.Security;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Testing;

namespace Marketplace.Functions.Tests.Messaging;

/// <summary>A request the app refuses leaves nothing behind: no follow-up check queued, no setting written, and an honest answer.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class RefusedRequestsTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly Caller s_buyer = new(CallerRole.Buyer, "b-ref", "amazon");
    private static readonly Caller s_seller = new(CallerRole.Seller, "s-ref", "amazon");
    private static readonly Caller s_admin = new(CallerRole.Admin, "admin-ref", null);

    private readonly MessagingApp _app = new(azurite);

    public async Task InitializeAsync() => await _app.SeedOrderAsync("ref-1", "b-ref", "s-ref");

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task SendWithAnAttachmentNeverUploaded_Is400AndQueuesNoCheck()
    {
        using var buyer = _app.ClientFor(s_buyer);

        var response = await buyer.PostAsJsonAsync("/api/conversations/amazon~o~ref-1/messages", new { text = "See file", attachmentIds = new[] { "no-such-upload" } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await QueuedChecksAsync());
    }

    [Fact]
    public async Task ApproveOrRejectAMessageThatIsNotHeld_Is404AndQueuesNoCheck()
    {
        using var admin = _app.ClientFor(s_admin);

        var missingMessage = await admin.PostAsync("/api/admin/conversations/amazon~o~ref-1/messages/42/approve", null);
        var missingConversation = await admin.PostAsync("/api/admin/conversations/amazon~o~nope/messages/1/reject", null);

        Assert.Equal(HttpStatusCode.NotFound, missingMessage.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missingConversation.StatusCode);
        Assert.Equal(0, await QueuedChecksAsync());
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"optOut\":true}")]
    [InlineData("{\"optOutOfUnsolicitedMessages\":null}")]
    public async Task PreferencesWithoutTheField_Is400AndChangesNothing(string body)
    {
        using var buyer = _app.ClientFor(s_buyer);
        Assert.Equal(HttpStatusCode.OK, (await buyer.PutAsJsonAsync("/api/me/preferences", new { optOutOfUnsolicitedMessages = true })).StatusCode);

        var response = await buyer.PutAsync("/api/me/preferences", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("optOutOfUnsolicitedMessages", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var now = await buyer.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/me/preferences");
        Assert.True(now.GetProperty("optOutOfUnsolicitedMessages").GetBoolean());
    }

    [Fact]
    public async Task DeleteAVacationThatDoesNotExist_Is404()
    {
        using var seller = _app.ClientFor(s_seller);

        var response = await seller.DeleteAsync("/api/seller/vacations/no-such-vacation");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    // Checks are queued with a delay (invisible), so count them rather than peek.
    private async Task<int> QueuedChecksAsync()
    {
        var queue = _app.Services.GetRequiredService<QueueServiceClient>().GetQueueClient(_app.Names.ConversationChecksQueue);
        return (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount;
    }
}
