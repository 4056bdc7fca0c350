using System.IO.Compression;
using System.Reflection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Azure.Functions.Worker;

namespace Marketplace.Functions.Hosting.ApiDocs;

/// <summary>
/// The API description in Azure, where no ASP.NET Core endpoint routing runs: the checked-in OpenAPI document
/// (<c>openapi/v1.json</c>, generated from the self-host by <c>scripts/openapi.sh</c> and kept current by a test) at
/// <c>/openapi/v1.json</c>, and the Scalar docs page over it at <c>/docs</c>, its script from the Scalar package the
/// self-host uses. Self-hosted, the same routes are served live by MapOpenApi and Scalar, so these are worker-only.
/// </summary>
[AllowAnonymous]
[WorkerOnly]
internal static class ApiDocumentFunctions
{
    /// <summary>The document's name among this assembly's resources (see the project file).</summary>
    public const string DocumentResource = "Marketplace.Functions.openapi.v1.json";

    private const string ScalarScriptResource = "ScalarStaticAssets.scalar.js";

    private static readonly Lazy<byte[]> s_document = new(() => ReadResource(typeof(ApiDocumentFunctions).Assembly, DocumentResource));

    // The Scalar package ships its browser bundle gzip-compressed among its resources.
    private static readonly Lazy<byte[]> s_scalarGzip = new(() => ReadResource(typeof(Scalar.AspNetCore.ScalarOptions).Assembly, ScalarScriptResource));

    internal const string DocsPage = """
        <!doctype html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <meta name="viewport" content="width=device-width, initial-scale=1">
          <title>Marketplace messaging API</title>
        </head>
        <body>
          <div id="app"></div>
          <script src="/docs/scalar.js"></script>
          <script>Scalar.createApiReference('#app', { url: '/openapi/v1.json' })</script>
        </body>
        </html>
        """;

    /// <summary>The checked-in OpenAPI document, exactly as the self-host generates it.</summary>
    public static byte[] Document => s_document.Value;

    [Function("GetOpenApiDocument")]
    public static IResult GetOpenApiDocument(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi/v1.json")] HttpRequest request) =>
        TypedResults.Bytes(Document, "application/json; charset=utf-8");

    [Function("GetApiDocs")]
    public static IResult GetApiDocs(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "docs")] HttpRequest request) =>
        TypedResults.Content(DocsPage, "text/html; charset=utf-8");

    [Function("GetApiDocsScript")]
    public static IResult GetApiDocsScript(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "docs/scalar.js")] HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.HttpContext.Response.Headers.CacheControl = "public, max-age=86400";
        if (request.Headers.AcceptEncoding.Any(e => e?.Contains("gzip", StringComparison.OrdinalIgnoreCase) == true))
        {
            request.HttpContext.Response.Headers.ContentEncoding = "gzip";
            return TypedResults.Bytes(s_scalarGzip.Value, "text/javascript; charset=utf-8");
        }

        using var unzip = new GZipStream(new MemoryStream(s_scalarGzip.Value), CompressionMode.Decompress);
        using var script = new MemoryStream();
        unzip.CopyTo(script);
        return TypedResults.Bytes(script.ToArray(), "text/javascript; charset=utf-8");
    }

    private static byte[] ReadResource(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The resource '{name}' is missing from {assembly.GetName().Name}.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
