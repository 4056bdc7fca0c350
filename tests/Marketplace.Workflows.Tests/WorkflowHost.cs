using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Serverless.DurableTask;
using Serverless.DurableTask.InMemory;
using Serverless.DurableTask.Worker;

namespace Marketplace.Workflows.Tests;

/// <summary>Workflows on the in-memory backend in virtual time (FakeTimeProvider + the runtime's VirtualTimeDriver).</summary>
internal sealed class WorkflowHost : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
    private readonly VirtualTimeDriver _driver;

    public WorkflowHost(Action<DurableTaskBuilder> configure)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddLogging();
        services.AddSingleton<TimeProvider>(_time);
        services.AddDurableTask(durable =>
        {
            durable.UseInMemoryBackend();
            configure(durable);
        });
        services.Configure<DurableTaskOptions>(options =>
        {
            options.SystemKey = "workflow-tests-system-key-0123456789abcdef";
            options.EnablePollingWorker = false;
        });
        _provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        _driver = new VirtualTimeDriver(
            _provider.GetRequiredService<DurableTaskWorker>(), _provider.GetRequiredService<InMemoryOrchestrationBackend>(), _time, _time.SetUtcNow);
    }

    public IServiceProvider Services => _provider;

    public DurableTaskClient Client => _provider.GetRequiredService<DurableTaskClient>();

    public DateTimeOffset UtcNow => _time.GetUtcNow();

    public Task RunUntilIdleAsync() => _driver.RunUntilIdleAsync();

    public Task AdvanceTimeAsync(TimeSpan delay) => _driver.AdvanceTimeAsync(delay);

    /// <summary>Runs (advancing virtual time as timers require) until the instance completes or <paramref name="maxTime"/> passes.</summary>
    public async Task<OrchestrationMetadata> WaitForCompletionAsync(string instanceId, TimeSpan maxTime)
    {
        await _driver.RunUntilAsync(
            async () => (await Client.GetInstanceAsync(instanceId, getInputsAndOutputs: false))?.IsCompleted == true, maxTime);
        return await Client.GetInstanceAsync(instanceId, getInputsAndOutputs: true)
            ?? throw new InvalidOperationException($"Instance '{instanceId}' does not exist.");
    }

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
