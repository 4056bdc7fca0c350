using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serverless.DurableTask.AzureStorage;
using Serverless.Testing;

namespace Serverless.DurableTask.Benchmarks;

/// <summary>One runtime (client + polling worker) on a fresh task hub of the given storage account.</summary>
internal sealed class BenchmarkHost : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly List<IHostedService> _hosted;

    private BenchmarkHost(ServiceProvider provider, string connectionString)
    {
        _provider = provider;
        _hosted = provider.GetServices<IHostedService>().ToList();
        TableService = new Azure.Data.Tables.TableServiceClient(connectionString);
        QueueService = new Azure.Storage.Queues.QueueServiceClient(connectionString);
    }

    /// <summary>Direct access to the account, to count what the runtime left in storage.</summary>
    public Azure.Data.Tables.TableServiceClient TableService { get; }

    public Azure.Storage.Queues.QueueServiceClient QueueService { get; }

    public DurableTaskClient Client => _provider.GetRequiredService<DurableTaskClient>();

    public AzureStorageOrchestrationBackend Backend => _provider.GetRequiredService<AzureStorageOrchestrationBackend>();

    public static async Task<BenchmarkHost> StartAsync(string connectionString, int concurrency, Action<DurableTaskBuilder> register, bool queuesOnly = false)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning).AddSimpleConsole());
        services.AddDurableTask(b =>
        {
            b.UseAzureStorageBackend(o =>
            {
                o.ConnectionString = connectionString;
                o.MaxPollingInterval = TimeSpan.FromMilliseconds(250);
                o.LocalDispatch = !queuesOnly;
            });
            register(b);
        });
        services.Configure<DurableTaskOptions>(o =>
        {
            o.TaskHubName = AzuriteFixture.UniqueName("bench");
            o.SystemKey = new string('k', 40);
            o.MaxConcurrentOrchestrations = concurrency;
            o.MaxConcurrentActivities = concurrency;
            o.ReceiveTimeout = TimeSpan.FromSeconds(2);
            o.EnablePollingWorker = true;
        });
        var host = new BenchmarkHost(services.BuildServiceProvider(), connectionString);
        await host.Backend.CreateIfNotExistsAsync(CancellationToken.None);
        foreach (var hosted in host._hosted)
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        return host;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var hosted in _hosted)
        {
            await hosted.StopAsync(CancellationToken.None);
        }

        try
        {
            await Backend.DeleteTaskHubAsync(CancellationToken.None);
        }
        catch (Azure.RequestFailedException)
        {
            // Best effort: a private Azurite goes away with the run anyway.
        }

        await _provider.DisposeAsync();
    }
}
