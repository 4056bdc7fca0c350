using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Serverless.DurableTask.Backend;
using Serverless.DurableTask.InMemory;
using Serverless.DurableTask.Worker;

namespace Serverless.DurableTask.Tests.Conformance;

/// <summary>The runtime on the in-memory backend in virtual time: every step is driven by the test, deterministically.</summary>
public sealed class InMemoryTestHost : TestHost
{
    public const string SystemKey = "test-system-key-0123456789abcdef0123456789";
    private readonly ServiceProvider _provider;
    private readonly FakeTimeProvider _time;
    private readonly InMemoryOrchestrationBackend _backend;
    private readonly VirtualTimeDriver _driver;

    public InMemoryTestHost(Action<DurableTaskBuilder> configure, Action<DurableTaskOptions>? configureOptions = null)
    {
        _time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection();
        services.AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        services.AddLogging();
        services.AddSingleton<TimeProvider>(_time);
        services.AddDurableTask(b =>
        {
            b.UseInMemoryBackend();
            configure(b);
        });
        services.Configure<DurableTaskOptions>(o =>
        {
            o.SystemKey = SystemKey;
            o.EnablePollingWorker = false;
            configureOptions?.Invoke(o);
        });
        _provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        _backend = _provider.GetRequiredService<InMemoryOrchestrationBackend>();
        _driver = new VirtualTimeDriver(_provider.GetRequiredService<DurableTaskWorker>(), _backend, _time, _time.SetUtcNow);
    }

    public FakeTimeProvider Time => _time;

    public InMemoryOrchestrationBackend InMemoryBackend => _backend;

    public override IServiceProvider Services => _provider;

    public override DurableTaskClient Client => _provider.GetRequiredService<DurableTaskClient>();

    public override IOrchestrationBackend Backend => _backend;

    public override DurableTaskWorker Worker => _provider.GetRequiredService<DurableTaskWorker>();

    public override DurableTaskRegistry Registry => _provider.GetRequiredService<DurableTaskRegistry>();

    public override DateTimeOffset UtcNow => _time.GetUtcNow();

    public override Task RunUntilIdleAsync() => _driver.RunUntilIdleAsync();

    public override Task AdvanceTimeAsync(TimeSpan delay) => _driver.AdvanceTimeAsync(delay);

    public override async Task<OrchestrationMetadata> WaitForCompletionAsync(string instanceId, TimeSpan? maxTime = null)
    {
        await _driver.RunUntilAsync(
            async () => (await Client.GetInstanceAsync(instanceId)) is { IsCompleted: true },
            maxTime ?? TimeSpan.FromDays(60));
        return await Client.GetInstanceAsync(instanceId, getInputsAndOutputs: true)
            ?? throw new InvalidOperationException($"Instance '{instanceId}' does not exist.");
    }

    public override ValueTask DisposeAsync() => _provider.DisposeAsync();
}
