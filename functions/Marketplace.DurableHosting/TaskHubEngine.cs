using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Marketplace.DurableHosting;

/// <summary>
/// Runs the registered orchestrators and activities: DurableTask.Core's <see cref="TaskHubWorker"/> over the
/// DurableTask.AzureStorage engine (partition leases, control queues, history tables: the task-hub layout Durable
/// Functions uses), each class adapted by Microsoft.DurableTask's shims as the Functions host's Durable extension does.
/// </summary>
internal sealed partial class TaskHubEngine(
    AzureStorageOrchestrationService service,
    IEnumerable<DurableTaskRegistration> registrations,
    IServiceProvider services,
    DataConverter converter,
    IOptions<DurableHostingOptions> options,
    ILoggerFactory loggers) : IHostedService, IAsyncDisposable
{
    private readonly ILogger _logger = loggers.CreateLogger<TaskHubEngine>();
    private TaskHubWorker? _worker;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.WorkerEnabled)
        {
            // The client alone creates the task hub on first use.
            return;
        }

        await service.CreateIfNotExistsAsync().ConfigureAwait(false);

        var shims = new DurableTaskShimFactory(new DurableTaskWorkerOptions { DataConverter = converter }, loggers);
        var worker = new TaskHubWorker(service, loggers)
        {
            // The shims read failures as FailureDetails (TaskFailedException.FailureDetails), not as serialized exceptions.
            ErrorPropagationMode = ErrorPropagationMode.UseFailureDetails,
        };
        foreach (var registration in registrations)
        {
            var name = registration.Name;
            var create = registration.Create;
            if (registration.IsOrchestrator)
            {
                worker.AddTaskOrchestrations(new ServiceObjectCreator<TaskOrchestration>(name.Name,
                    () => shims.CreateOrchestration(name, (ITaskOrchestrator)create(services))));
            }
            else
            {
                worker.AddTaskActivities(new ServiceObjectCreator<TaskActivity>(name.Name,
                    () => shims.CreateActivity(name, (ITaskActivity)create(services))));
            }
        }

        await worker.StartAsync().ConfigureAwait(false);
        _worker = worker;
        Log.Started(_logger, options.Value.TaskHubName, registrations.Count());
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_worker is { } worker)
        {
            _worker = null;
            // Graceful: in-flight work finishes and is checkpointed; what is cut short reappears after the visibility timeout.
            await worker.StopAsync(isForced: cancellationToken.IsCancellationRequested).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_worker is { } worker)
        {
            _worker = null;
            await worker.StopAsync(isForced: true).ConfigureAwait(false);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(7001, LogLevel.Information, "Durable task hub {TaskHub}: worker started with {Count} orchestrators and activities")]
        public static partial void Started(ILogger logger, string taskHub, int count);
    }
}
