using Azure.Core;
using DurableTask.AzureStorage;
using Marketplace.DurableHosting;
using Marketplace.Functions.Configuration;
using Marketplace.Functions.Hosting;
using Marketplace.Functions.SelfHost;
using Marketplace.Storage;
using Microsoft.Extensions.Options;

namespace Marketplace.Functions.Durable;

/// <summary>
/// Self-hosted: the app's orchestrations on the DurableTask.AzureStorage engine, in the app's own storage account — the
/// worker running every orchestrator and activity the app declares as a function, and the <c>DurableTaskClient</c> its
/// functions receive as <c>[DurableClient]</c>. (In Azure the Durable extension of the Functions host does all of this.)
/// </summary>
public static class DurableRuntimeExtensions
{
    public static IHostApplicationBuilder AddSelfHostedDurableRuntime(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddDurableHosting(sp => StorageProvider(sp.GetRequiredService<IOptions<StorageOptions>>().Value, sp));
        // The storage name prefix (tests, side-by-side apps) also separates task hubs.
        builder.Services.AddOptions<DurableHostingOptions>().PostConfigure<IOptions<StorageOptions>>((options, storage) =>
            options.TaskHubName = StorageNamePrefix(storage.Value) + options.TaskHubName);
        builder.Services.AddDurableFunctions(FunctionRegistry.FromAssembly(typeof(DurableRuntimeExtensions).Assembly, new StorageNames()));
        return builder;
    }

    private static string StorageNamePrefix(StorageOptions storage) => storage.NamePrefix ?? "";

    private static StorageAccountClientProvider StorageProvider(StorageOptions options, IServiceProvider services) =>
        options.AccountName is { Length: > 0 } account
            ? new StorageAccountClientProvider(account, services.GetRequiredService<TokenCredential>())
            : new StorageAccountClientProvider(options.ConnectionString);
}
