using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using Marketplace.Functions.Hosting.ApiDocs;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Testing;

namespace Marketplace.Functions.Tests.Worker;

/// <summary>
/// The API description in Azure: the worker-only functions, invoked as the worker invokes them (no Functions host runs
/// here), serve the checked-in document, the docs page over it and the page's script.
/// </summary>
public sealed class ApiDocumentFunctionsTests
{
    [Fact]
    public async Task GetOpenApiDocument_ServesTheCheckedInDocument()
    {
        var http = NewRequest();

        await ApiDocumentFunctions.GetOpenApiDocument(http.Request).ExecuteAsync(http);

        Assert.Equal(StatusCodes.Status200OK, http.Response.StatusCode);
        Assert.StartsWith("application/json", http.Response.ContentType, StringComparison.Ordinal);
        var checkedIn = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Find(), "functions", "Marketplace.Functions", "openapi", "v1.json"));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(checkedIn), JsonNode.Parse(Body(http))));
    }

    [Fact]
    public async Task GetApiDocs_IsThePageOverTheDocumentAndItsScript()
    {
        var http = NewRequest();

        await ApiDocumentFunctions.GetApiDocs(http.Request).ExecuteAsync(http);

        Assert.StartsWith("text/html", http.Response.ContentType, StringComparison.Ordinal);
        var page = Encoding.UTF8.GetString(Body(http));
        Assert.Contains("url: '/openapi/v1.json'", page, StringComparison.Ordinal);
        Assert.Contains("src=\"/docs/scalar.js\"", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gzip, deflate, br")]
    [InlineData("")]
    public async Task GetApiDocsScript_IsScalarsBrowserBundle_CompressedWhenTheClientTakesGzip(string acceptEncoding)
    {
        var http = NewRequest();
        http.Request.Headers.AcceptEncoding = acceptEncoding;

        await ApiDocumentFunctions.GetApiDocsScript(http.Request).ExecuteAsync(http);

        var body = Body(http);
        if (acceptEncoding.Contains("gzip", StringComparison.Ordinal))
        {
            Assert.Equal("gzip", http.Response.Headers.ContentEncoding.ToString());
            using var unzip = new GZipStream(new MemoryStream(body), CompressionMode.Decompress);
            using var plain = new MemoryStream();
            await unzip.CopyToAsync(plain);
            body = plain.ToArray();
        }

        Assert.Contains("createApiReference", Encoding.UTF8.GetString(body), StringComparison.Ordinal);
    }

    private static DefaultHttpContext NewRequest()
    {
        var services = new ServiceCollection().AddLogging().BuildServiceProvider();
        return new DefaultHttpContext { RequestServices = services, Response = { Body = new MemoryStream() } };
    }

    private static byte[] Body(HttpContext http) => ((MemoryStream)http.Response.Body).ToArray();
}
