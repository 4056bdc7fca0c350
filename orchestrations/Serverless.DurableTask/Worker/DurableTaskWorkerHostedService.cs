using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serverless.DurableTask.Backend;
using Serverless.DurableTask.Engine;

namespace Serverless.DurableTask.Worker;

/// <summary>The self-hosted invocation style: polling loops that pull orchestration and activity work from the backend.</summary>
public sealed class DurableTaskWorkerHostedService(
    DurableTaskWorker worker,
    IOrchestrationBackend backend,
    IOptions<DurableTaskOptions> options,
    TimeProvider timeProvider,
    ILogger<DurableTaskWorkerHostedService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        DurableTaskOptions settings = options.Value;
        if (!settings.EnablePollingWorker)
        {
            return;
        }

        await backend.CreateIfNotExistsAsync(stoppingToken).ConfigureAwait(false);
        var loops = new List<Task>();
        for (int i = 0; i < settings.MaxConcurrentOrchestrations; i++)
        {
            loops.Add(LoopAsync("orchestrations", ct => worker.ProcessNextOrchestrationWorkItemAsync(settings.ReceiveTimeout, ct), stoppingToken));
        }

        for (int i = 0; i < settings.MaxConcurrentActivities; i++)
        {
            loops.Add(LoopAsync("activities", ct => worker.ProcessNextActivityWorkItemAsync(settings.ReceiveTimeout, ct), stoppingToken));
        }

        await Task.WhenAll(loops).ConfigureAwait(false);
    }

    private async Task LoopAsync(string name, Func<CancellationToken, Task<bool>> step, CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await step(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
#pragma warning disable CA1031 // A polling loop must survive any single failure (storage outage); it logs and backs off.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Log.LoopFailed(logger, ex, name);
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), timeProvider, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
    }
}
