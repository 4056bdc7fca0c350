using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using Marketplace.Functions.Security;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Testing;

namespace Marketplace.Functions.Tests.Hosting;

/// <summary>OpenAPI document and docs page served anonymously; errors answered as problem documents.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class PlatformEndpointsTests : IDisposable
{
    private readonly AzuriteFixture _azurite;
    private readonly TestAppFactory _factory;

    public PlatformEndpointsTests(AzuriteFixture azurite)
    {
        _azurite = azurite;
        _factory = new TestAppFactory(azurite);
    }

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task OpenApiDocument_IsServedAnonymouslyWithBearerScheme()
    {
        using var response = await _factory.CreateClient().GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await response.Content.ReadFromJsonAsync<JsonObject>();
        var scheme = document!["components"]!["securitySchemes"]!["Bearer"]!;
        Assert.Equal("http", scheme["type"]!.GetValue<string>());
        Assert.Equal("bearer", scheme["scheme"]!.GetValue<string>());
        Assert.NotNull(document["paths"]!["/api/admin/poison/{queue}"]);
        Assert.Null(document["paths"]!["/ApplyMarketplaceEvent"]);
    }

    [Fact]
    public async Task DocsPage_IsServedAnonymously()
    {
        using var response = await _factory.CreateClient().GetAsync("/docs");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task UnhandledException_Is500InternalErrorWithoutExceptionText()
    {
        await using var broken = new TestAppFactory(_azurite)
            .WithServices(s => s.AddSingleton<QueueServiceClient>(new PoisonQueuesBrokenClient(_azurite.ConnectionString)));
        var queue = broken.Services.GetRequiredService<Functions.Hosting.FunctionRegistry>().Queue[0].QueueName;

        using var response = await broken.CreateClientFor(CallerRole.Admin, "admin-1").GetAsync($"/api/admin/poison/{queue}");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal("internal_error", JsonNode.Parse(text)!["code"]!.GetValue<string>());
        Assert.DoesNotContain(PoisonQueuesBrokenClient.Secret, text, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MalformedJsonBody_Is400MalformedJson()
    {
        using var client = _factory.CreateClientFor(CallerRole.Buyer, "b-1", "amazon");

        using var response = await client.PostAsync("/api/conversations/any/messages",
            new StringContent("{\"text\": \"unterminated", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("malformed_json", (await response.Content.ReadFromJsonAsync<JsonObject>())!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task NonJsonContentType_Is415UnsupportedMediaType()
    {
        using var client = _factory.CreateClientFor(CallerRole.Buyer, "b-1", "amazon");

        using var response = await client.PostAsync("/api/conversations/any/messages", new StringContent("hello", Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("unsupported_media_type", (await response.Content.ReadFromJsonAsync<JsonObject>())!["code"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("/api/conversations/any/messages", "POST")]
    [InlineData("/api/me/preferences", "PUT")]
    [InlineData("/api/seller/vacations", "POST")]
    public async Task JsonBodyInAnUnknownCharset_Is415UnsupportedMediaType(string path, string method)
    {
        using var client = _factory.CreateClientFor(CallerRole.Buyer, "b-1", "amazon");
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new ByteArrayContent("{}"u8.ToArray()) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json; charset=nonsense");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("unsupported_media_type", problem["code"]!.GetValue<string>());
        Assert.Contains("'nonsense'", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task JsonBodyInUtf16_SaidSo_IsRead()
    {
        using var client = _factory.CreateClientFor(CallerRole.Buyer, "b-1", "amazon");
        using var content = new ByteArrayContent(Encoding.Unicode.GetBytes("{\"text\": \"unterminated"));
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json; charset=utf-16");

        using var response = await client.PostAsync("/api/conversations/any/messages", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("malformed_json", (await response.Content.ReadFromJsonAsync<JsonObject>())!["code"]!.GetValue<string>());
    }

    /// <summary>A queue client that fails, with a message that must not leak, whenever a poison queue is asked for.</summary>
    private sealed class PoisonQueuesBrokenClient : QueueServiceClient
    {
        public const string Secret = "storage-internal-detail-42";

        public PoisonQueuesBrokenClient(string connectionString)
            : base(connectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 })
        {
        }

        public override QueueClient GetQueueClient(string queueName) =>
            queueName.EndsWith("-poison", StringComparison.Ordinal)
                ? throw new InvalidOperationException(Secret)
                : base.GetQueueClient(queueName);
    }
}
