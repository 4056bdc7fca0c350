using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Marketplace.Functions.Hosting.ApiDocs;
using Microsoft.OpenApi;
using Serverless.Testing;

namespace Marketplace.Functions.Tests.Hosting;

/// <summary>
/// The OpenAPI document an integrator reads shows, for each operation, every status it answers and the shape of its
/// success body: taken from the functions' typed results and their declared problems, as the self-host serves them.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class OpenApiDocumentTests(AzuriteFixture azurite) : IDisposable
{
    private readonly TestAppFactory _factory = new(azurite);

    public void Dispose() => _factory.Dispose();

    [Theory]
    [InlineData("post", "/api/conversations/{id}/messages", "201:MessageView 202:MessageView 400 401 403 404 409 415 422 503")]
    [InlineData("get", "/api/conversations/{id}", "200:ConversationView 401 404 503")]
    [InlineData("post", "/api/conversations/{id}/read", "200:ConversationView 400 401 403 404 415 503")]
    [InlineData("get", "/api/inbox", "200:InboxPage 400 401 403 503")]
    [InlineData("get", "/api/marketplace/inbox", "200:MarketplaceInboxPage 400 401 403 503")]
    [InlineData("get", "/api/orders/{orderId}/conversation", "200:ConversationView 400 401 404 503")]
    [InlineData("get", "/api/seller/deadlines", "200:DeadlinePage 400 401 403 503")]
    [InlineData("get", "/api/seller/vacations", "200:VacationPage 400 401 403 503")]
    [InlineData("post", "/api/conversations/{id}/attachments", "201:AttachmentView 400 401 403 404 413 415 503")]
    [InlineData("delete", "/api/seller/vacations/{id}", "204 401 403 404 503")]
    [InlineData("get", "/api/admin/poison/{queue}", "200:PoisonQueueView 400 401 403 404 503")]
    [InlineData("post", "/api/webhooks/{marketplace}", "202:WebhookAccepted 400 401 404 413 422 503")]
    public async Task OpenApiDocument_Operation_DocumentsEachStatusAndTheSuccessSchema(string method, string path, string expected)
    {
        var operation = (await DocumentAsync())["paths"]?[path]?[method]
            ?? throw new Xunit.Sdk.XunitException($"The document has no {method} {path}.");
        var responses = operation["responses"]!.AsObject();

        var documented = string.Join(" ", responses.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => Describe(r.Key, r.Value!)));

        Assert.Equal(expected, documented);
    }

    [Fact]
    public async Task OpenApiDocument_ProblemResponses_AreProblemDocuments()
    {
        var responses = (await DocumentAsync())["paths"]!["/api/conversations/{id}/messages"]!["post"]!["responses"]!.AsObject();

        var problems = responses.Where(r => r.Key.StartsWith('4')).ToList();

        Assert.NotEmpty(problems);
        foreach (var (status, response) in problems)
        {
            var content = response!["content"]?.AsObject();
            Assert.True(content?.ContainsKey("application/problem+json") == true, $"{status} is not documented as application/problem+json.");
        }
    }

    /// <summary>
    /// The checked-in document (served by the worker in Azure) is what the self-host generates now; with UPDATE_OPENAPI=1
    /// (scripts/openapi.sh) it is rewritten instead.
    /// </summary>
    [Fact]
    public async Task CheckedInDocument_IsWhatTheAppGenerates()
    {
        using var response = await _factory.CreateClient().GetAsync("/openapi/v1.json");
        var generated = await response.Content.ReadAsStringAsync();
        var path = Path.Combine(RepositoryRoot.Find(), "functions", "Marketplace.Functions", "openapi", "v1.json");
        if (Environment.GetEnvironmentVariable("UPDATE_OPENAPI") == "1")
        {
            await File.WriteAllTextAsync(path, generated.ReplaceLineEndings("\n").TrimEnd() + "\n");
            return; // the worker's embedded copy is the next build's
        }

        var checkedIn = JsonNode.Parse(await File.ReadAllTextAsync(path));

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(generated), checkedIn),
            "functions/Marketplace.Functions/openapi/v1.json differs from what the app generates: run scripts/openapi.sh and commit the result.");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(ApiDocumentFunctions.Document), checkedIn),
            "The worker serves another document than the checked-in one: rebuild.");
    }

    [Fact]
    public async Task CheckedInDocument_ReadsAndValidatesWithoutErrors()
    {
        var text = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Find(), "functions", "Marketplace.Functions", "openapi", "v1.json"));

        var read = OpenApiDocument.Parse(text, "json");

        Assert.Empty(read.Diagnostic!.Errors.Select(e => $"{e.Pointer}: {e.Message}"));
        var document = read.Document!;
        Assert.Empty(document.Validate(ValidationRuleSet.GetDefaultRuleSet())!.Select(e => $"{e.Pointer}: {e.Message}"));
        var info = document.Info!;
        Assert.Equal("Marketplace messaging API", info.Title);
        Assert.Contains("## Getting a token", info.Description!, StringComparison.Ordinal);
        Assert.Contains("## Signing a webhook", info.Description!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Webhook_DocumentsTheSignatureNotABearerToken_AndAnEnvelopePerEventType()
    {
        var operation = (await DocumentAsync())["paths"]!["/api/webhooks/{marketplace}"]!["post"]!;

        var security = Assert.Single(operation["security"]!.AsArray())!.AsObject();
        Assert.Equal(["WebhookSignature"], security.Select(s => s.Key));
        var examples = operation["requestBody"]!["content"]!["application/json"]!["examples"]!.AsObject();
        Assert.Equal(Marketplace.Domain.Events.EventTypes.All.Order(StringComparer.Ordinal), examples.Select(e => e.Key).Order(StringComparer.Ordinal));
        Assert.All(examples, e => Assert.Equal(e.Key, e.Value!["value"]!["type"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Upload_DocumentsRawBytes()
    {
        var body = (await DocumentAsync())["paths"]!["/api/conversations/{id}/attachments"]!["post"]!["requestBody"]!;

        var schema = body["content"]!["application/octet-stream"]!["schema"]!;
        Assert.Equal("binary", schema["format"]!.GetValue<string>());
    }

    [Fact]
    public async Task RequestBodies_OptionalFields_AreNotRequired_AndQueryParametersAreListed()
    {
        var document = await DocumentAsync();

        var send = document["components"]!["schemas"]!["SendMessageRequest"]!;
        var inbox = document["paths"]!["/api/inbox"]!["get"]!["parameters"]!.AsArray().Select(p => p!["name"]!.GetValue<string>());

        Assert.DoesNotContain("reason", send["required"]?.AsArray().Select(r => r!.GetValue<string>()) ?? []);
        Assert.DoesNotContain("attachmentIds", send["required"]?.AsArray().Select(r => r!.GetValue<string>()) ?? []);
        Assert.Equal(["filter", "counterpart", "createdFrom", "createdTo", "limit", "cursor", "role", "partyId", "marketplace"], inbox);
    }

    [Fact]
    public async Task Schemas_EnumsAreStringsAndDurationsIso8601()
    {
        var schemas = (await DocumentAsync())["components"]!["schemas"]!;

        Assert.Equal("string", schemas["ConversationKind"]!["type"]!.GetValue<string>());
        Assert.Equal("duration", schemas["OpenDeadlineView"]!["properties"]!["timeLeft"]!["format"]!.GetValue<string>());
    }

    private async Task<JsonObject> DocumentAsync()
    {
        using var response = await _factory.CreateClient().GetAsync("/openapi/v1.json");
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    // "201:MessageView" for a success with a JSON body (the schema it refers to), "404" for a problem or an empty answer.
    private static string Describe(string status, JsonNode response)
    {
        if (!status.StartsWith('2') || response["content"]?["application/json"]?["schema"] is not { } schema)
        {
            return status;
        }

        var reference = schema["$ref"]?.GetValue<string>() ?? "(inline)";
        return $"{status}:{reference[(reference.LastIndexOf('/') + 1)..]}";
    }
}
