using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Functions.Security;
using Marketplace.Functions.Tests.Messaging;
using Serverless.Testing;

namespace Marketplace.Functions.Tests.Translation;

/// <summary>With translation off (the default) nothing calls a Translator and every message says so.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TranslationOffTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly MessagingApp _app = new(azurite);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Messages_TranslationOff_StatusOffAndNoLanguages()
    {
        var conversation = (await _app.SeedOrderAsync("off-1", "b-1", "s-1", buyerLanguage: "de")).Id;
        using var buyer = _app.ClientFor(new Caller(CallerRole.Buyer, "b-1", "amazon"));
        using var seller = _app.ClientFor(new Caller(CallerRole.Seller, "s-1", "amazon"));
        seller.DefaultRequestHeaders.AcceptLanguage.ParseAdd("fr");

        var sent = await MessagingApp.JsonAsync(await buyer.PostAsJsonAsync($"/api/conversations/{conversation}/messages", new { text = "Hallo" }));
        var read = (await seller.GetFromJsonAsync<JsonElement>($"/api/conversations/{conversation}/messages")).GetProperty("items")[0];
        var languages = await buyer.GetFromJsonAsync<JsonElement>("/api/languages");

        Assert.Equal("off", sent.GetProperty("translation").GetProperty("status").GetString());
        Assert.Equal("Hallo", read.GetProperty("text").GetString());
        Assert.Equal("off", read.GetProperty("translation").GetProperty("status").GetString());
        Assert.False(languages.GetProperty("enabled").GetBoolean());
        Assert.Equal(0, languages.GetProperty("languages").GetArrayLength());
    }
}
