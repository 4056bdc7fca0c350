using Azure.Core;
using DurableTask.AzureStorage;
using Marketplace.DurableHosting;
using Marketplace.DurableHosting.Management;
using Marketplace.Functions.Configuration;
using Marketplace.Functions.Deadlines;
using Microsoft.Extensions.Options;

namespace Marketplace.Functions.Durable;

/// <summary>
/// The app's orchestrations on the DurableTask.AzureStorage engine, in the app's own storage account: the worker, the
/// <c>DurableTaskClient</c> the app starts and signals orchestrations with, and the Durable management API.
/// </summary>
public static class DurableRuntimeExtensions
{
    public static IHostApplicationBuilder AddDurableRuntime(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddDurableHosting(sp => StorageProvider(sp.GetRequiredService<IOptions<StorageOptions>>().Value, sp));
        // The storage name prefix (tests, side-by-side apps) also separates task hubs.
        builder.Services.PostConfigure<DurableHostingOptions>((options) =>
            options.TaskHubName = (builder.Configuration[$"{StorageOptions.Section}:{nameof(StorageOptions.NamePrefix)}"] ?? "") + options.TaskHubName);
        builder.Services.AddReplyDeadlines();
        return builder;
    }

    /// <summary>Maps the Durable management API; it authenticates with the system key, not a bearer token.</summary>
    public static IEndpointRouteBuilder MapDurableRuntime(this IEndpointRouteBuilder endpoints) => endpoints.MapDurableManagement();

    private static StorageAccountClientProvider StorageProvider(StorageOptions options, IServiceProvider services) =>
        options.AccountName is { Length: > 0 } account
            ? new StorageAccountClientProvider(account, services.GetRequiredService<TokenCredential>())
            : new StorageAccountClientProvider(options.ConnectionString);
}
