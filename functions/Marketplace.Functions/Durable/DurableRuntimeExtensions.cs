using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Marketplace.Functions.Configuration;
using Marketplace.Functions.Deadlines;
using Marketplace.Functions.Hosting;
using Serverless.DurableTask;
using Serverless.DurableTask.AzureStorage;
using Serverless.DurableTask.Management;
using Serverless.DurableTask.Worker;

namespace Marketplace.Functions.Durable;

/// <summary>
/// The durable runtime inside the app: the Azure Storage backend on the app's own storage account, the
/// management API, and one queue function per task-hub queue for the custom-handler style. Self-hosted,
/// the runtime's own polling worker drains those queues (batched, with in-memory hand-over).
/// </summary>
public static class DurableRuntimeExtensions
{
    public const string DefaultTaskHubName = "MarketplaceHub";

    public static IHostApplicationBuilder AddDurableRuntime(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        // The storage name prefix (tests, side-by-side apps) also separates task hubs.
        var hub = (configuration["Storage:NamePrefix"] ?? "") + (configuration["DurableTask:TaskHubName"] ?? DefaultTaskHubName);
        var partitions = int.TryParse(configuration["DurableTask:PartitionCount"], out var count) ? count : 4;
        var selfHosted = new HostingOptions { Mode = Enum.TryParse<HostingMode>(configuration["Hosting:Mode"], true, out var mode) ? mode : null }
            .EffectiveMode(Environment.GetEnvironmentVariable(HostingOptions.CustomHandlerPortVariable)) == HostingMode.SelfHosted;

        builder.Services.AddDurableTask(durable => durable.UseAzureStorageBackend().AddReplyDeadlines());
        builder.Services.Configure<DurableTaskOptions>(options =>
        {
            options.TaskHubName = hub;
            options.EnablePollingWorker = selfHosted;
        });
        builder.Services.AddOptions<AzureStorageOrchestrationOptions>()
            .Configure<TableServiceClient, QueueServiceClient, BlobServiceClient>((options, tables, queues, blobs) =>
            {
                options.TableServiceClient ??= tables;
                options.QueueServiceClient ??= queues;
                options.BlobServiceClient ??= blobs;
            });

        foreach (var queue in TaskHubQueues(hub, partitions))
        {
            builder.Services.AddSingleton<IQueueFunction>(sp => new DurableQueueFunction(queue, sp.GetRequiredService<DurableTaskWorker>()));
        }

        return builder;
    }

    // An invalid name (a bad Storage:NamePrefix or DurableTask:TaskHubName) declares no queues here; start-up
    // then fails in options validation with a message naming the setting.
    private static IReadOnlyList<string> TaskHubQueues(string hub, int partitions)
    {
        try
        {
            return new TaskHubNames(hub, partitions).AllQueues;
        }
        catch (ArgumentException)
        {
            return [];
        }
    }

    /// <summary>Maps the Durable-Functions-compatible management API; it authenticates with the system key or a signed URL, not a bearer token.</summary>
    public static IEndpointRouteBuilder MapDurableRuntime(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/");
        group.AllowAnonymous().WithTags("Durable runtime");
        group.MapDurableTaskManagement();
        return endpoints;
    }
}
