using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Serverless.DurableTask.Management;
using Serverless.DurableTask.Worker;

namespace Serverless.DurableTask;

/// <summary>Adds the durable runtime (client, worker, options, management signer) to a service collection.</summary>
public static class DurableTaskServiceCollectionExtensions
{
    /// <summary>
    /// Adds the runtime (client, worker, polling hosted service, management URL signer) and lets <paramref name="configure"/> register orchestrators, activities and a backend.
    /// Options bind from the "DurableTask" section and are validated at start-up. The polling worker runs as a
    /// hosted service unless <see cref="DurableTaskOptions.EnablePollingWorker"/> is false.
    /// </summary>
    public static IHostApplicationBuilder AddDurableTask(this IHostApplicationBuilder builder, Action<DurableTaskBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddDurableTask(configure);
        return builder;
    }

    /// <inheritdoc cref="AddDurableTask(IHostApplicationBuilder, Action{DurableTaskBuilder})"/>
    public static IServiceCollection AddDurableTask(this IServiceCollection services, Action<DurableTaskBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var registry = new DurableTaskRegistry();
        services.AddOptions<DurableTaskOptions>()
            .BindConfiguration(DurableTaskOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<DataConverter>(JsonDataConverter.Default);
        services.AddSingleton(registry);
        services.TryAddSingleton<ManagementUrlSigner>();
        services.TryAddSingleton<DurableTaskClient>();
        services.TryAddSingleton<DurableTaskWorker>();
        services.AddHostedService<DurableTaskWorkerHostedService>();
        configure(new DurableTaskBuilder(services, registry));
        return services;
    }
}
