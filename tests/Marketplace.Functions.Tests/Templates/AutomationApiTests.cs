using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marketplace.Functions.Security;
using Marketplace.Functions.Tests.Messaging;
using Serverless.Testing;

namespace Marketplace.Functions.Tests.Templates;

/// <summary>Automations through the API without the engine: editing (versions, validation, ownership).</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AutomationApiTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly Caller s_marketplace = new(CallerRole.Marketplace, "amazon", "amazon");
    private static readonly Caller s_seller = new(CallerRole.Seller, "s-1", "amazon");
    private static readonly Caller s_otherSeller = new(CallerRole.Seller, "s-2", "amazon");

    private readonly MessagingApp _app = new(azurite);
    private HttpClient _seller = null!;

    public Task InitializeAsync()
    {
        _seller = _app.ClientFor(s_seller);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _seller.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Edit_ChangesTemplateDelayAndEvent_AsTheNextVersion_TheEarlierVersionStaysReadable()
    {
        var first = await TemplateAsync("About order {orderId}: the lamp is fragile, please open the box from the top.");
        var second = await TemplateAsync("Hello {name}, about order {orderId}: the lamp is on its way.", new { name = "name", type = "text" });
        var created = await MessagingApp.JsonAsync(await _seller.PostAsJsonAsync("/api/automations", new { templateId = first, @event = "order_shipped", delay = "PT2H" }));
        var id = created.GetProperty("id").GetString();
        Assert.NotNull((await _seller.PostAsync($"/api/automations/{id}/pause", null)).EnsureSuccessStatusCode());

        var edit = await _seller.PutAsJsonAsync($"/api/automations/{id}", new
        {
            templateId = second, @event = "order_delivered", delay = "P1D", variables = new { name = "Ana" },
        });

        Assert.Equal(HttpStatusCode.OK, edit.StatusCode);
        var edited = await MessagingApp.JsonAsync(edit);
        Assert.Equal(1, created.GetProperty("version").GetInt32());
        Assert.Equal(2, edited.GetProperty("version").GetInt32());
        Assert.Equal(second, edited.GetProperty("templateId").GetString());
        Assert.Equal("order_delivered", edited.GetProperty("event").GetString());
        Assert.Equal("P1D", edited.GetProperty("delay").GetString());
        Assert.Equal("Ana", edited.GetProperty("variables").GetProperty("name").GetString());
        Assert.True(edited.GetProperty("paused").GetBoolean()); // an edit changes what it sends, not whether it is paused
        Assert.Equal(created.GetProperty("createdAt").GetDateTimeOffset(), edited.GetProperty("createdAt").GetDateTimeOffset());
        var current = await _seller.GetFromJsonAsync<JsonElement>($"/api/automations/{id}");
        Assert.Equal(2, current.GetProperty("version").GetInt32());
        var earlier = await _seller.GetFromJsonAsync<JsonElement>($"/api/automations/{id}?version=1");
        Assert.Equal(first, earlier.GetProperty("templateId").GetString());
        Assert.Equal("order_shipped", earlier.GetProperty("event").GetString());
    }

    [Fact]
    public async Task Edit_InvalidFields_400NamingEach_NothingChanged()
    {
        var template = await TemplateAsync("Hello {name}, about order {orderId}: the lamp is on its way.", new { name = "name", type = "text" });
        var id = (await MessagingApp.JsonAsync(await _seller.PostAsJsonAsync("/api/automations", new
        {
            templateId = template, @event = "order_shipped", delay = "PT2H", variables = new { name = "Ana" },
        }))).GetProperty("id").GetString();

        var response = await _seller.PutAsJsonAsync($"/api/automations/{id}", new
        {
            templateId = template, @event = "order_exploded", delay = "P90D", variables = new { name = 3 },
        });
        var noTemplate = await _seller.PutAsJsonAsync($"/api/automations/{id}", new { templateId = "tpl-nope", @event = "order_shipped", delay = "PT1H" });
        // An id no template can have is refused without asking storage (a 3 MB one made storage drop the connection: 500).
        var hugeTemplate = await _seller.PutAsJsonAsync($"/api/automations/{id}", new { templateId = new string('a', 3_000_000), @event = "order_shipped", delay = "PT1H" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(
            ["delay", "event", "variables.name"],
            (await MessagingApp.JsonAsync(response)).GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.BadRequest, noTemplate.StatusCode);
        Assert.True((await MessagingApp.JsonAsync(noTemplate)).GetProperty("errors").TryGetProperty("templateId", out _));
        Assert.Equal(HttpStatusCode.BadRequest, hugeTemplate.StatusCode);
        Assert.True((await MessagingApp.JsonAsync(hugeTemplate)).GetProperty("errors").TryGetProperty("templateId", out _));
        var unchanged = await _seller.GetFromJsonAsync<JsonElement>($"/api/automations/{id}");
        Assert.Equal(1, unchanged.GetProperty("version").GetInt32());
        Assert.Equal("PT2H", unchanged.GetProperty("delay").GetString());
    }

    [Fact]
    public async Task Edit_AnotherSellersAutomationOrNone_404()
    {
        var template = await TemplateAsync("About order {orderId}: the lamp is fragile, please open the box from the top.");
        var id = (await MessagingApp.JsonAsync(await _seller.PostAsJsonAsync("/api/automations", new { templateId = template, @event = "order_shipped", delay = "PT2H" })))
            .GetProperty("id").GetString();
        using var other = _app.ClientFor(s_otherSeller);

        var notYours = await other.PutAsJsonAsync($"/api/automations/{id}", new { templateId = template, @event = "order_delivered", delay = "PT1H" });
        var none = await _seller.PutAsJsonAsync("/api/automations/aut-nope", new { templateId = template, @event = "order_delivered", delay = "PT1H" });

        Assert.Equal(HttpStatusCode.NotFound, notYours.StatusCode);
        Assert.Equal("automation_not_found", (await MessagingApp.JsonAsync(notYours)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        Assert.Equal("order_shipped", (await _seller.GetFromJsonAsync<JsonElement>($"/api/automations/{id}")).GetProperty("event").GetString());
    }

    private async Task<string> TemplateAsync(string body, params object[] variables)
    {
        using var marketplace = _app.ClientFor(s_marketplace);
        var response = await marketplace.PostAsJsonAsync("/api/templates", new { name = "Note", reason = "CONFIRM_DELIVERY", language = "en", body, variables });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await MessagingApp.JsonAsync(response)).GetProperty("id").GetString()!;
    }
}
