using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Functions.Security;
using Marketplace.Functions.Tests.Messaging;
using Serverless.Testing;

namespace Marketplace.Functions.Tests.Templates;

/// <summary>A template sent to a buyer reading another language: translated once per version and language, placeholders protected (fake Translator).</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TemplateTranslationTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly Caller s_seller = new(CallerRole.Seller, "s-1", "amazon");

    private readonly MessagingApp _app = new(azurite);
    private FakeTranslator _fake = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeTranslator.StartAsync();
        _app.WithSetting("Translation:Enabled", "true")
            .WithSetting("Translation:Endpoint", _fake.Endpoint.AbsoluteUri)
            .WithSetting("Translation:Key", FakeTranslator.Key)
            .WithSetting("Translation:Region", FakeTranslator.Region);
        await _app.SeedOrderAsync("tt-1", "b-1", "s-1", buyerLanguage: "de-AT");
        await _app.SeedOrderAsync("tt-2", "b-2", "s-1", buyerLanguage: "de");
        for (var i = 3; i <= 8; i++)
        {
            await _app.SeedOrderAsync($"tt-{i}", $"b-{i}", "s-1", buyerLanguage: "fr");
        }
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _fake.DisposeAsync();
    }

    [Fact]
    public async Task Send_ToAGermanBuyer_TranslatedOnceWithPlaceholdersProtectedThenFilled()
    {
        using var seller = _app.ClientFor(s_seller);
        var created = await MessagingApp.JsonAsync(await seller.PostAsJsonAsync("/api/templates", new
        {
            name = "Delay", reason = "UNEXPECTED_PROBLEM", language = "en", body = "Order {orderId} leaves the warehouse on {date}, sorry for the wait.",
            variables = new[] { new { name = "date", type = "date" } },
        }));
        var id = created.GetProperty("id").GetString();

        var first = await seller.PostAsJsonAsync("/api/conversations/amazon~o~tt-1/messages", new { templateId = id, variables = new { date = "2026-12-24" } });
        var second = await seller.PostAsJsonAsync("/api/conversations/amazon~o~tt-2/messages", new { templateId = id, variables = new { date = "2026-12-27" } });

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal("[fake-de] Order tt-1 leaves the warehouse on 2026-12-24, sorry for the wait.",
            (await MessagingApp.JsonAsync(first)).GetProperty("text").GetString());
        Assert.Equal("[fake-de] Order tt-2 leaves the warehouse on 2026-12-27, sorry for the wait.",
            (await MessagingApp.JsonAsync(second)).GetProperty("text").GetString());
        var templateCalls = _fake.RequestsTo("/translate").Where(r => r.Body.Contains("mstrans", StringComparison.Ordinal)).ToList();
        var call = Assert.Single(templateCalls);
        Assert.Contains("from=en", call.Query, StringComparison.Ordinal);
        Assert.Contains("to=de", call.Query, StringComparison.Ordinal);
        var sent = JsonDocument.Parse(call.Body).RootElement[0].GetProperty("Text").GetString();
        Assert.Equal(
            "Order <mstrans:dictionary translation=\"{orderId}\">{orderId}</mstrans:dictionary> leaves the warehouse on "
            + "<mstrans:dictionary translation=\"{date}\">{date}</mstrans:dictionary>, sorry for the wait.",
            sent);
    }

    [Fact]
    public async Task Send_SixAtOnceToFrenchBuyers_OneTranslatorCall()
    {
        using var seller = _app.ClientFor(s_seller);
        var created = await MessagingApp.JsonAsync(await seller.PostAsJsonAsync("/api/templates", new
        {
            name = "Fragile", reason = "CONFIRM_DELIVERY", language = "en", body = "About order {orderId}: please open the box from the top, the shade is fragile.",
        }));
        var id = created.GetProperty("id").GetString();

        var sends = await Task.WhenAll(Enumerable.Range(3, 6).Select(i =>
            seller.PostAsJsonAsync($"/api/conversations/amazon~o~tt-{i}/messages", new { templateId = id })));

        Assert.All(sends, s => Assert.Equal(HttpStatusCode.Created, s.StatusCode));
        Assert.Single(_fake.RequestsTo("/translate"), r => r.Body.Contains("mstrans", StringComparison.Ordinal) && r.Query.Contains("to=fr", StringComparison.Ordinal));
    }
}
