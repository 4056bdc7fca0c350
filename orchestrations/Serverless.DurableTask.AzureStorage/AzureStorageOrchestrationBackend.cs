using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Serverless.DurableTask.AzureStorage.Instances;
using Serverless.DurableTask.AzureStorage.Messaging;
using Serverless.DurableTask.AzureStorage.Storage;
using Serverless.DurableTask.Backend;

namespace Serverless.DurableTask.AzureStorage;

/// <summary>The durable runtime's backend on Azure Storage: control queues, a work-item queue, one History table holding state, history and outbox per instance, tables for parked timers, the outbox index and dead letters, and a blob container for large payloads.</summary>
/// <remarks>See README.md in this project for the layout and why each step is atomic.</remarks>
public sealed partial class AzureStorageOrchestrationBackend : IOrchestrationBackend
{
    /// <summary>How early a delayed message may surface and still be held in memory until due (instead of another hop).</summary>
    private static readonly TimeSpan HoldWindow = TimeSpan.FromSeconds(3);

    /// <summary>Diagnostics only: how many re-enqueued (hopping) messages are remembered for <see cref="NextDeferredDueAt"/>.</summary>
    private const int MaxTrackedDeferred = 10_000;

    private readonly AzureStorageOrchestrationOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TableClient _historyTable;
    private readonly TableClient _deadLetterTable;
    private readonly TableClient _timersTable;
    private readonly OutboxIndex _outboxIndex;
    private readonly PayloadStore _payloads;
    private readonly InstanceStore _store;
    private readonly MessageSender _sender;
    private readonly ReceiveBuffer _control;
    private readonly ReceiveBuffer _activities;
    private readonly SessionCache _cache;
    private readonly Dictionary<string, QueueClient> _queuesByName;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, DateTimeOffset> _deferred = new(StringComparer.Ordinal);

    public AzureStorageOrchestrationBackend(AzureStorageOrchestrationOptions options, TimeProvider? timeProvider = null, ILogger<AzureStorageOrchestrationBackend>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger<AzureStorageOrchestrationBackend>.Instance;
        Names = new TaskHubNames(options.TaskHubName, options.PartitionCount);

        TableServiceClient tables = options.TableServiceClient ?? new TableServiceClient(options.ConnectionString, Configure(new TableClientOptions(), "table"));
        QueueServiceClient queues = options.QueueServiceClient
            ?? new QueueServiceClient(options.ConnectionString, Configure(new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 }, "queue"));
        BlobServiceClient blobs = options.BlobServiceClient ?? new BlobServiceClient(options.ConnectionString, Configure(new BlobClientOptions(), "blob"));

        _historyTable = tables.GetTableClient(Names.HistoryTable);
        _deadLetterTable = tables.GetTableClient(Names.DeadLetterTable);
        _payloads = new PayloadStore(blobs.GetBlobContainerClient(Names.LargeMessageContainer), options.LargePayloadThreshold);
        _outboxIndex = new OutboxIndex(tables.GetTableClient(Names.OutboxIndexTable), _time);
        _store = new InstanceStore(_historyTable, _payloads, _outboxIndex);
        var controlQueues = Names.ControlQueues.Select(queues.GetQueueClient).ToList();
        QueueClient workItems = queues.GetQueueClient(Names.WorkItemQueue);
        _queuesByName = controlQueues.Append(workItems).ToDictionary(q => q.Name, StringComparer.OrdinalIgnoreCase);
        _timersTable = tables.GetTableClient(Names.TimersTable);
        _sender = new MessageSender(controlQueues, workItems, _payloads, _timersTable, options, _time);

        // Polling is paced by the wall clock (queues live in real time); due times use the injected clock.
        _control = new ReceiveBuffer(controlQueues, DecodeReceivedAsync, m => m.InstanceId, options.ReceiveBatchSize,
            options.ControlQueueVisibilityTimeout, options.MaxPollingInterval, TimeProvider.System);
        _activities = new ReceiveBuffer([workItems], DecodeReceivedAsync, ActivityKey, options.ReceiveBatchSize,
            options.WorkItemQueueVisibilityTimeout, options.MaxPollingInterval, TimeProvider.System);
        _cache = new SessionCache(options.MaxCachedInstances);
        _nextSweepAt = _time.GetUtcNow() + options.OutboxSweepInterval;
    }

    /// <summary>The task hub's queue, table and container names (declare one queue-triggered function per <see cref="TaskHubNames.AllQueues"/> entry in custom-handler style).</summary>
    public TaskHubNames Names { get; }

    /// <summary>Test hook: called at each <see cref="FaultStage"/> of a step; throw from it to simulate a crash there.</summary>
    internal Action<FaultStage, string>? FaultHook { get; set; }

    /// <summary>The earliest due time among chained messages this process re-enqueued and has not yet delivered (tests drive virtual time with it).</summary>
    internal DateTimeOffset? NextDeferredDueAt
    {
        get
        {
            var values = _deferred.Values.Concat(_sender.Parking.ParkedDueTimes).ToList();
            return values.Count == 0 ? null : values.Min();
        }
    }

    /// <summary>Number of instances whose history is cached in memory.</summary>
    internal int CachedInstances => _cache.Count;

    /// <summary>Control messages received and waiting in memory (for their instance's turn, or held until due).</summary>
    internal int BufferedControlMessages => _control.Buffered;

    /// <inheritdoc/>
    public async Task CreateIfNotExistsAsync(CancellationToken cancellationToken)
    {
        await _historyTable.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        await _deadLetterTable.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        await _timersTable.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        await _outboxIndex.Table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        await _payloads.Container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        foreach (QueueClient queue in _queuesByName.Values)
        {
            await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Deletes every table, queue and container of the task hub (tests and benchmarks).</summary>
    public async Task DeleteTaskHubAsync(CancellationToken cancellationToken)
    {
        await _historyTable.DeleteAsync(cancellationToken).ConfigureAwait(false);
        await _deadLetterTable.DeleteAsync(cancellationToken).ConfigureAwait(false);
        await _timersTable.DeleteAsync(cancellationToken).ConfigureAwait(false);
        await _outboxIndex.Table.DeleteAsync(cancellationToken).ConfigureAwait(false);
        await _payloads.Container.DeleteIfExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        foreach (QueueClient queue in _queuesByName.Values)
        {
            await queue.DeleteIfExistsAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static string ActivityKey(OrchestrationMessage message) => message.Receipt switch
    {
        QueueReceipt q => "q" + q.QueueMessageId,
        LocalReceipt l => "l" + l.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => "m" + message.MessageId,
    };

    private void Fault(FaultStage stage, string instanceId) => FaultHook?.Invoke(stage, instanceId);

    private static T Configure<T>(T options, string service)
        where T : ClientOptions
    {
        options.AddPolicy(new OperationCounter(service), HttpPipelinePosition.PerCall);
        // Every storage call is on the hot path: no per-request log formatting or tracing spans by default.
        options.Diagnostics.IsLoggingEnabled = false;
        options.Diagnostics.IsDistributedTracingEnabled = false;
        options.Retry.MaxRetries = 3;
        options.Retry.Delay = TimeSpan.FromMilliseconds(200);
        return options;
    }
}
