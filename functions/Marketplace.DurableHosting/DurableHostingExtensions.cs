using DurableTask.AzureStorage;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Converters;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Marketplace.DurableHosting;

/// <summary>Registers the engine, its client and the classes it runs.</summary>
public static class DurableHostingExtensions
{
    /// <summary>
    /// Adds the task hub worker (a hosted service), the <see cref="DurableTaskClient"/> and their options (section
    /// "DurableTask", validated at start-up). <paramref name="storage"/> says how to reach the storage account.
    /// </summary>
    public static IServiceCollection AddDurableHosting(this IServiceCollection services, Func<IServiceProvider, StorageAccountClientProvider> storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        services.AddSingleton<IValidateOptions<DurableHostingOptions>, DurableHostingOptionsValidator>();
        services.AddOptions<DurableHostingOptions>().BindConfiguration(DurableHostingOptions.Section).ValidateOnStart();
        services.AddSingleton<DataConverter>(JsonDataConverter.Default);
        services.AddSingleton(sp => new AzureStorageOrchestrationService(EngineSettings(
            sp.GetRequiredService<IOptions<DurableHostingOptions>>().Value, storage(sp), sp.GetRequiredService<ILoggerFactory>())));
        services.AddSingleton<DurableTaskClient>(sp => new SelfHostDurableTaskClient(
            sp.GetRequiredService<AzureStorageOrchestrationService>(), sp.GetRequiredService<DataConverter>()));
        services.AddHostedService<TaskHubEngine>();
        return services;
    }

    /// <summary>Runs <typeparamref name="TOrchestrator"/> under its class name (callers use <c>nameof</c>).</summary>
    public static IServiceCollection AddOrchestrator<TOrchestrator>(this IServiceCollection services)
        where TOrchestrator : class, ITaskOrchestrator =>
        services.AddOrchestrator(typeof(TOrchestrator).Name, sp => ActivatorUtilities.GetServiceOrCreateInstance<TOrchestrator>(sp));

    /// <summary>Runs <typeparamref name="TActivity"/> under its class name; it is resolved from the container if registered there.</summary>
    public static IServiceCollection AddActivity<TActivity>(this IServiceCollection services)
        where TActivity : class, ITaskActivity =>
        services.AddActivity(typeof(TActivity).Name, sp => ActivatorUtilities.GetServiceOrCreateInstance<TActivity>(sp));

    /// <summary>Runs the orchestrator <paramref name="create"/> makes under <paramref name="name"/>.</summary>
    public static IServiceCollection AddOrchestrator(this IServiceCollection services, string name, Func<IServiceProvider, ITaskOrchestrator> create) =>
        services.AddSingleton(new DurableTaskRegistration(name, IsOrchestrator: true, create));

    /// <summary>Runs the activity <paramref name="create"/> makes under <paramref name="name"/>.</summary>
    public static IServiceCollection AddActivity(this IServiceCollection services, string name, Func<IServiceProvider, ITaskActivity> create) =>
        services.AddSingleton(new DurableTaskRegistration(name, IsOrchestrator: false, create));

    internal static AzureStorageOrchestrationServiceSettings EngineSettings(
        DurableHostingOptions options, StorageAccountClientProvider storage, ILoggerFactory loggers) => new()
    {
        StorageAccountClientProvider = storage,
        TaskHubName = options.TaskHubName,
        PartitionCount = options.PartitionCount,
        MaxQueuePollingInterval = options.MaxQueuePollingInterval,
        ControlQueueVisibilityTimeout = options.MessageVisibilityTimeout,
        WorkItemQueueVisibilityTimeout = options.MessageVisibilityTimeout,
        ExtendedSessionsEnabled = options.ExtendedSessionsEnabled,
        MaxConcurrentTaskActivityWorkItems = options.MaxConcurrentActivities,
        MaxConcurrentTaskOrchestrationWorkItems = options.MaxConcurrentOrchestrations,
        LoggerFactory = loggers,
    };
}
