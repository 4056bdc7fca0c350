using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Serverless.DurableTask.Backend;
using Serverless.DurableTask.InMemory;
using Serverless.DurableTask.Worker;

namespace Serverless.DurableTask;

/// <summary>Registers orchestrators, activities and the backend inside <c>services.AddDurableTask(b => ...)</c>.</summary>
public sealed class DurableTaskBuilder
{
    internal DurableTaskBuilder(IServiceCollection services, DurableTaskRegistry registry)
    {
        Services = services;
        Registry = registry;
    }

    public IServiceCollection Services { get; }

    public DurableTaskRegistry Registry { get; }

    /// <summary>Registers an orchestrator under <c>nameof(T)</c>.</summary>
    public DurableTaskBuilder AddOrchestrator<T>()
        where T : class, ITaskOrchestrator
    {
        Registry.AddOrchestrator<T>();
        Services.TryAddTransient<T>();
        return this;
    }

    /// <summary>Registers an orchestrator type under an explicit name.</summary>
    public DurableTaskBuilder AddOrchestrator(TaskName name, Type type)
    {
        Registry.AddOrchestrator(name, type);
        Services.TryAddTransient(type);
        return this;
    }

    /// <summary>Registers an activity under <c>nameof(T)</c>; it is resolved from a new DI scope for every call.</summary>
    public DurableTaskBuilder AddActivity<T>()
        where T : class, ITaskActivity
    {
        Registry.AddActivity<T>();
        Services.TryAddScoped<T>();
        return this;
    }

    /// <summary>Uses the in-memory backend (tests, local runs).</summary>
    public DurableTaskBuilder UseInMemoryBackend()
    {
        Services.TryAddSingleton(sp => new InMemoryOrchestrationBackend(sp.GetRequiredService<TimeProvider>()));
        Services.Replace(ServiceDescriptor.Singleton<IOrchestrationBackend>(sp => sp.GetRequiredService<InMemoryOrchestrationBackend>()));
        return this;
    }
}
