using System.Net.Http.Json;
using System.Text.Json.Nodes;
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
    [InlineData("post", "/api/conversations/{id}/messages", "201:MessageView 202:MessageView 400 401 403 404 409 415 422")]
    [InlineData("get", "/api/conversations/{id}", "200:ConversationView 401 404")]
    [InlineData("post", "/api/conversations/{id}/read", "200:ConversationView 400 401 403 404 415")]
    [InlineData("get", "/api/inbox", "200:InboxPage 400 401 403")]
    [InlineData("delete", "/api/seller/vacations/{id}", "204 401 403 404")]
    [InlineData("get", "/api/admin/poison/{queue}", "200:PoisonQueueView 400 401 403 404")]
    [InlineData("post", "/api/webhooks/{marketplace}", "202:WebhookAccepted 400 401 404 413 422")]
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
