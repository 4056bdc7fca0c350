using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Functions.Security;
using Serverless.Testing;

namespace Marketplace.Functions.Tests.Messaging;

/// <summary>
/// A marketplace extends the content policy's lexicon from app settings (<c>ContentPolicy:Profiles:{m}:Lexicon:{category}:N</c>):
/// the configured term is caught on that marketplace's messages, an unconfigured one of the same shape is not.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class LexiconSettingTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly Caller s_buyer = new(CallerRole.Buyer, "b-1", "allegro");

    private readonly MessagingApp _app = (MessagingApp)new MessagingApp(azurite)
        // A profile configured under a built-in name replaces it as a whole, so it says what the finding does too.
        .WithSetting("ContentPolicy:Profiles:allegro:Lexicon:messengers:0", "blabberapp")
        .WithSetting("ContentPolicy:Profiles:allegro:Actions:Buyer:SOCIAL_NETWORK_LINK", "Hold");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task ConfiguredMessenger_IsFoundAsAnInvitation_AnUnknownNameIsNot()
    {
        var conversation = (await _app.SeedOrderAsync("lex-1", "b-1", "s-1", marketplace: "allegro")).Id;
        var buyer = _app.ClientFor(s_buyer);

        var configured = await buyer.PostAsJsonAsync($"/api/conversations/{conversation}/messages", new { text = "Write to me on blabberapp, I answer faster there." });
        var unknown = await buyer.PostAsJsonAsync($"/api/conversations/{conversation}/messages", new { text = "Write to me on quackapp, I answer faster there." });

        Assert.Equal(HttpStatusCode.Accepted, configured.StatusCode); // held for review
        Assert.Contains("SOCIAL_NETWORK_LINK", await FindingCodesAsync(configured));
        Assert.Equal(HttpStatusCode.Created, unknown.StatusCode);
        Assert.Empty(await FindingCodesAsync(unknown));
    }

    private static async Task<List<string>> FindingCodesAsync(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.UnprocessableEntity, $"{(int)response.StatusCode}");
        var body = await MessagingApp.JsonAsync(response);
        var moderation = body.TryGetProperty("moderation", out var m) ? m : body;
        return moderation.TryGetProperty("findings", out var findings) && findings.ValueKind == JsonValueKind.Array
            ? [.. findings.EnumerateArray().Select(f => f.GetProperty("code").GetString()!)]
            : [];
    }
}
