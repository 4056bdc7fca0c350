using System.Text.Json.Nodes;
using Marketplace.Functions.Configuration;
using Marketplace.Functions.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Testing;

namespace Marketplace.Functions.Tests.Hosting;

/// <summary>The functions declared in code, the checked-in function.json files, host.json and the app's routes agree.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class FunctionMetadataTests : IDisposable
{
    private const string RegenerateCommand = "scripts/generate-functions.sh";

    private readonly TestAppFactory _factory;

    public FunctionMetadataTests(AzuriteFixture azurite)
    {
        // Production naming (no prefix), as the checked-in files describe; no polling, so no shared queue is touched.
        _factory = new TestAppFactory(azurite).WithSetting("Storage:NamePrefix", "").WithSetting("Hosting:Mode", "CustomHandler");
    }

    public void Dispose() => _factory.Dispose();

    [Fact]
    public void CheckedInFunctionJson_MatchesWhatTheCodeDeclares()
    {
        var registry = _factory.Services.GetRequiredService<FunctionRegistry>();
        var directory = Path.Combine(RepositoryRoot.Find(), "functions", "Marketplace.Functions", "FunctionsMetadata");
        var expected = FunctionMetadataGenerator.Generate(registry);
        var actual = Directory.Exists(directory)
            ? Directory.GetFiles(directory, "function.json", SearchOption.AllDirectories)
                .ToDictionary(f => Path.GetRelativePath(directory, f).Replace('\\', '/'), File.ReadAllText)
            : [];

        var drift = expected.Keys.Union(actual.Keys)
            .Where(k => !expected.TryGetValue(k, out var e) || !actual.TryGetValue(k, out var a) || e != a)
            .Order(StringComparer.Ordinal)
            .ToArray();
        Assert.True(drift.Length == 0,
            $"FunctionsMetadata differs from the functions declared in code ({string.Join(", ", drift)}). " +
            $"Regenerate them from the repository root with {RegenerateCommand} and commit the result.");
    }

    [Fact]
    public void EveryMappedEndpoint_IsReachableThroughADeclaredFunction()
    {
        var registry = _factory.Services.GetRequiredService<FunctionRegistry>();
        var endpoints = _factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToArray();
        Assert.NotEmpty(endpoints);

        var unreachable = new List<string>();
        foreach (var endpoint in endpoints)
        {
            var path = SamplePath(endpoint.RoutePattern);
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            foreach (var method in methods)
            {
                var viaQueueRoute = method == "POST" && registry.Queue.Any(f => string.Equals("/" + f.Name, path, StringComparison.OrdinalIgnoreCase));
                var viaHttpFunction = registry.Http.Any(f =>
                    f.Methods.Contains(method.ToLowerInvariant()) && Matches(f.Route, path));
                if (!viaQueueRoute && !viaHttpFunction)
                {
                    unreachable.Add($"{method} {endpoint.RoutePattern.RawText} (e.g. {path})");
                }
            }
        }

        Assert.True(unreachable.Count == 0,
            "These endpoints are mapped but no function in Hosting/HttpFunctions.cs routes to them, so the Functions host would never " +
            $"forward them:\n  {string.Join("\n  ", unreachable)}");
    }

    [Fact]
    public void HostJson_QueueSettingsAndCustomHandler_MatchTheApp()
    {
        var host = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "host.json")))!;
        var defaults = new HostingOptions();
        var queues = host["extensions"]!["queues"]!;

        Assert.Equal("2.0", host["version"]!.GetValue<string>());
        Assert.Equal(defaults.MaxDequeueCount, queues["maxDequeueCount"]!.GetValue<int>());
        Assert.Equal(defaults.BatchSize, queues["batchSize"]!.GetValue<int>());
        Assert.Equal(defaults.RetryDelay, TimeSpan.Parse(queues["visibilityTimeout"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("base64", queues["messageEncoding"]!.GetValue<string>());
        Assert.Equal("", host["extensions"]!["http"]!["routePrefix"]!.GetValue<string>());
        Assert.True(host["customHandler"]!["enableForwardingHttpRequest"]!.GetValue<bool>());
        Assert.Equal("Marketplace.Functions", host["customHandler"]!["description"]!["defaultExecutablePath"]!.GetValue<string>());
    }

    [Fact]
    public void LocalSettingsSample_ListsEveryPlatformSetting()
    {
        var values = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "local.settings.sample.json")))!["Values"]!.AsObject();
        var missing = new[] { (typeof(StorageOptions), StorageOptions.Section), (typeof(AuthOptions), AuthOptions.Section), (typeof(HostingOptions), HostingOptions.Section) }
            .SelectMany(o => o.Item1.GetProperties().Where(p => p.CanWrite).Select(p => $"{o.Section}__{p.Name}"))
            .Where(key => !values.ContainsKey(key))
            .ToArray();

        Assert.True(missing.Length == 0, $"local.settings.sample.json lacks: {string.Join(", ", missing)}");
    }

    private static bool Matches(string template, string path)
    {
        var matcher = new TemplateMatcher(TemplateParser.Parse(template), new RouteValueDictionary());
        return matcher.TryMatch(path, new RouteValueDictionary());
    }

    /// <summary>A concrete path the pattern matches: parameters become "1" (a valid long, int and string), catch-alls "a/b".</summary>
    private static string SamplePath(RoutePattern pattern) =>
        "/" + string.Join("/", pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternSeparatorPart separator => separator.Content,
            RoutePatternParameterPart { IsCatchAll: true } => "a/b",
            RoutePatternParameterPart parameter when parameter.ParameterPolicies.Any(p => p.Content == "guid") => Guid.Empty.ToString(),
            _ => "1",
        }))));
}
