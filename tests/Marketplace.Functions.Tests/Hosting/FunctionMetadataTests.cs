using System.Reflection;
using System.Text.Json.Nodes;
using Marketplace.DurableHosting;
using Marketplace.Functions.Configuration;
using Marketplace.Functions.Hosting;
using Marketplace.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Testing;

namespace Marketplace.Functions.Tests.Hosting;

/// <summary>
/// The functions declared in code, the Functions build's functions.metadata (what the host in Azure reads), the routes
/// the self-host serves, the orchestrations it runs, host.json and the settings sample all agree.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class FunctionMetadataTests(AzuriteFixture azurite) : IDisposable
{
    private static readonly Assembly App = typeof(FunctionRegistry).Assembly;
    private readonly TestAppFactory _factory = new(azurite);

    public void Dispose() => _factory.Dispose();

    [Fact]
    public void BuildFunctionsMetadata_MatchesWhatTheCodeDeclares()
    {
        var registry = FunctionRegistry.FromAssembly(App, new StorageNames());
        var metadata = JsonNode.Parse(File.ReadAllText(FunctionsMetadataPath()))!.AsArray();

        var built = metadata.Select(f => Describe(f!)).Order(StringComparer.Ordinal).ToArray();
        var declared = registry.Http.Select(f => $"{f.Name}: httpTrigger {string.Join(",", f.Methods.Select(m => m.ToLowerInvariant()))} {f.Route}{Client(f.Method)}")
            .Concat(registry.Queue.Select(f => $"{f.Name}: queueTrigger {f.QueueName} AzureWebJobsStorage{Client(f.Method)}"))
            .Concat(registry.Durable.Select(f => $"{f.Name}: {(f.IsOrchestrator ? "orchestrationTrigger" : "activityTrigger")}{Client(f.Method)}"))
            .Order(StringComparer.Ordinal)
            .ToArray();

        Assert.NotEmpty(built);
        Assert.Equal(declared, built);
        foreach (var function in metadata)
        {
            // The entry point the worker calls is the method the registry found.
            var entryPoint = function!["entryPoint"]!.GetValue<string>();
            var type = App.GetType(entryPoint[..entryPoint.LastIndexOf('.')], throwOnError: true)!;
            Assert.NotNull(type.GetMethod(entryPoint[(entryPoint.LastIndexOf('.') + 1)..])?.GetCustomAttribute<FunctionAttribute>());
            Assert.Equal("dotnet-isolated", function["language"]!.GetValue<string>());
        }
    }

    [Fact]
    public void SelfHost_ServesEveryHttpFunctionOnItsRouteAndMethods_AndNoOtherApiRoute()
    {
        var registry = _factory.Services.GetRequiredService<FunctionRegistry>();
        var served = _factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Route: e.RoutePattern.RawText!.TrimStart('/'), Methods: e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []))
            .ToArray();

        var declared = registry.Http.Where(f => !f.Attributes.OfType<WorkerOnlyAttribute>().Any())
            .SelectMany(f => f.Methods.Select(m => $"{m} {f.Route}")).Order(StringComparer.Ordinal).ToArray();
        // The self-host's own additions are the Durable management API (served by the host in Azure) and the API docs.
        var servedFunctions = served
            .Where(e => !e.Route.StartsWith("runtime/webhooks/durabletask", StringComparison.Ordinal)
                && !e.Route.StartsWith("openapi/", StringComparison.Ordinal) && !e.Route.StartsWith("docs", StringComparison.Ordinal))
            .SelectMany(e => e.Methods.Select(m => $"{m} {e.Route}"))
            .Order(StringComparer.Ordinal)
            .ToArray();

        Assert.NotEmpty(declared);
        Assert.Equal(declared, servedFunctions);
    }

    [Fact]
    public void WorkerOnlyFunctions_AreTheApiDocs_WhichTheSelfHostServesItself()
    {
        var registry = _factory.Services.GetRequiredService<FunctionRegistry>();
        var served = _factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => e.RoutePattern.RawText!.TrimStart('/')).ToHashSet(StringComparer.Ordinal);

        var workerOnly = registry.Http.Where(f => f.Attributes.OfType<WorkerOnlyAttribute>().Any()).Select(f => f.Route).Order(StringComparer.Ordinal);

        Assert.Equal(["docs", "docs/scalar.js", "openapi/v1.json"], workerOnly);
        Assert.Contains("openapi/{documentName}.json", served); // MapOpenApi
        Assert.Contains(served, r => r.StartsWith("docs", StringComparison.Ordinal)); // Scalar
    }

    [Fact]
    public void SelfHostEngine_RunsEveryOrchestratorAndActivityFunction_UnderItsName()
    {
        var registry = _factory.Services.GetRequiredService<FunctionRegistry>();
        var registered = _factory.Services.GetServices<DurableTaskRegistration>()
            .Select(r => $"{r.Name.Name}:{(r.IsOrchestrator ? "orchestrator" : "activity")}").Order(StringComparer.Ordinal);

        Assert.Equal(
            registry.Durable.Select(f => $"{f.Name}:{(f.IsOrchestrator ? "orchestrator" : "activity")}").Order(StringComparer.Ordinal),
            registered);
        // Orchestrations call activities by class name (nameof): each function is named after the class it wraps.
        Assert.Contains("ReplyDeadlineOrchestrator:orchestrator", registered);
        Assert.Contains("NotifySellerActivity:activity", registered);
    }

    [Fact]
    public void HostJson_QueueAndDurableSettings_MatchTheApp()
    {
        var host = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "host.json")))!;
        var defaults = new HostingOptions();
        var queues = host["extensions"]!["queues"]!;
        var durable = host["extensions"]!["durableTask"]!;

        Assert.Equal("2.0", host["version"]!.GetValue<string>());
        Assert.Equal(defaults.MaxDequeueCount, queues["maxDequeueCount"]!.GetValue<int>());
        Assert.Equal(defaults.BatchSize, queues["batchSize"]!.GetValue<int>());
        Assert.Equal(defaults.RetryDelay, TimeSpan.Parse(queues["visibilityTimeout"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("base64", queues["messageEncoding"]!.GetValue<string>());
        Assert.Equal("", host["extensions"]!["http"]!["routePrefix"]!.GetValue<string>());
        Assert.Equal("%DurableTask:TaskHubName%", durable["hubName"]!.GetValue<string>());
        Assert.Equal("AzureStorage", durable["storageProvider"]!["type"]!.GetValue<string>());
        var engine = new DurableHostingOptions();
        Assert.Equal(engine.PartitionCount, durable["storageProvider"]!["partitionCount"]!.GetValue<int>());
        Assert.Null(host["customHandler"]);
        Assert.Null(host["extensionBundle"]); // an isolated worker brings its extensions (extensions.json), not a bundle
    }

    [Fact]
    public void LocalSettingsSample_IsAnIsolatedWorkerApp_AndListsEveryPlatformSetting()
    {
        var values = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "local.settings.sample.json")))!["Values"]!.AsObject();
        var missing = new[] { (typeof(StorageOptions), StorageOptions.Section), (typeof(AuthOptions), AuthOptions.Section), (typeof(HostingOptions), HostingOptions.Section),
                (typeof(Marketplace.Functions.Translation.TranslationOptions), Marketplace.Functions.Translation.TranslationOptions.Section) }
            .SelectMany(o => o.Item1.GetProperties().Where(p => p.CanWrite).Select(p => $"{o.Section}__{p.Name}"))
            .Where(key => !values.ContainsKey(key))
            .ToArray();

        Assert.Equal("dotnet-isolated", values["FUNCTIONS_WORKER_RUNTIME"]!.GetValue<string>());
        Assert.True(missing.Length == 0, $"local.settings.sample.json lacks: {string.Join(", ", missing)}");
    }

    private static string Describe(JsonNode function)
    {
        var bindings = function["bindings"]!.AsArray().Select(b => b!).ToArray();
        var trigger = bindings.Single(b => b["type"]!.GetValue<string>().EndsWith("Trigger", StringComparison.Ordinal));
        var type = trigger["type"]!.GetValue<string>();
        var client = bindings.Any(b => b["type"]!.GetValue<string>() == "durableClient") ? " +durableClient" : "";
        var detail = type switch
        {
            "httpTrigger" => $" {string.Join(",", trigger["methods"]!.AsArray().Select(m => m!.GetValue<string>()))} {trigger["route"]!.GetValue<string>()}",
            "queueTrigger" => $" {trigger["queueName"]!.GetValue<string>()} {trigger["connection"]!.GetValue<string>()}",
            _ => "",
        };
        return $"{function["name"]!.GetValue<string>()}: {type}{detail}{client}";
    }

    private static string Client(MethodInfo method) =>
        method.GetParameters().Any(p => p.GetCustomAttribute<DurableClientAttribute>() is not null) ? " +durableClient" : "";

    // The Functions project's build output in this test run's configuration (the test project builds it first).
    private static string FunctionsMetadataPath()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // …/bin/{Configuration}/net10.0/
        var path = Path.Combine(RepositoryRoot.Find(), "functions", "Marketplace.Functions", "bin", configuration, "net10.0", "functions.metadata");
        Assert.True(File.Exists(path), $"{path} is missing: build functions/Marketplace.Functions in {configuration}.");
        return path;
    }
}
