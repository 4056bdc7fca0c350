using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serverless.DurableTask.Backend;

namespace Serverless.DurableTask.AzureStorage;

/// <summary>Selects the Azure Storage backend inside <c>services.AddDurableTask(b => b.UseAzureStorageBackend(...))</c>.</summary>
public static class AzureStorageDurableTaskBuilderExtensions
{
    /// <summary>
    /// Uses <see cref="AzureStorageOrchestrationBackend"/>. Options bind from <see cref="AzureStorageOrchestrationOptions.SectionName"/>;
    /// TaskHubName and PartitionCount are taken from <see cref="DurableTaskOptions"/> (one source of truth for the engine),
    /// then <paramref name="configure"/> runs last and may override anything. Validated at start-up.
    /// </summary>
    public static DurableTaskBuilder UseAzureStorageBackend(this DurableTaskBuilder builder, Action<AzureStorageOrchestrationOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        IServiceCollection services = builder.Services;
        services.AddOptions<AzureStorageOrchestrationOptions>()
            .BindConfiguration(AzureStorageOrchestrationOptions.SectionName)
            .Configure<IOptions<DurableTaskOptions>>((o, durable) =>
            {
                o.TaskHubName = durable.Value.TaskHubName;
                o.PartitionCount = durable.Value.PartitionCount;

                // Messages can only be handed over in memory when this process also polls for work.
                o.LocalDispatch = durable.Value.EnablePollingWorker;
            })
            .PostConfigure(o => configure?.Invoke(o))
            .Validate(o =>
            {
                o.Validate();
                return true;
            })
            .ValidateOnStart();
        services.TryAddSingleton(sp => new AzureStorageOrchestrationBackend(
            sp.GetRequiredService<IOptions<AzureStorageOrchestrationOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<AzureStorageOrchestrationBackend>>()));
        services.Replace(ServiceDescriptor.Singleton<IOrchestrationBackend>(sp => sp.GetRequiredService<AzureStorageOrchestrationBackend>()));
        return builder;
    }
}
