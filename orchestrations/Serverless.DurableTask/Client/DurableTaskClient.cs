using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using Serverless.DurableTask.Backend;
using Serverless.DurableTask.Engine;
using Serverless.DurableTask.History;
using Serverless.DurableTask.Management;

namespace Serverless.DurableTask;

/// <summary>Starts, queries and controls orchestration instances (mirrors Microsoft.DurableTask.Client.DurableTaskClient).</summary>
/// <remarks>
/// Instance ids: scheduling an id that is Pending, Running or Suspended throws <see cref="OrchestrationAlreadyExistsException"/>
/// and changes nothing; a Completed, Failed or Terminated id is reused by a new execution (its old history is dropped).
/// </remarks>
public sealed class DurableTaskClient
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);
    private readonly IOrchestrationBackend _backend;
    private readonly DataConverter _converter;
    private readonly TimeProvider _time;
    private readonly ManagementUrlSigner _signer;
    private readonly DurableTaskOptions _options;

    public DurableTaskClient(IOrchestrationBackend backend, DataConverter converter, TimeProvider timeProvider, ManagementUrlSigner signer, IOptions<DurableTaskOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _backend = backend;
        _converter = converter;
        _time = timeProvider;
        _signer = signer;
        _options = options.Value;
    }

    /// <summary>The backend this client talks to.</summary>
    public IOrchestrationBackend Backend => _backend;

    public Task<string> ScheduleNewOrchestrationInstanceAsync(TaskName orchestratorName, CancellationToken cancellation = default)
        => ScheduleNewOrchestrationInstanceAsync(orchestratorName, null, null, cancellation);

    public Task<string> ScheduleNewOrchestrationInstanceAsync(TaskName orchestratorName, object? input, CancellationToken cancellation = default)
        => ScheduleNewOrchestrationInstanceAsync(orchestratorName, input, null, cancellation);

    public Task<string> ScheduleNewOrchestrationInstanceAsync(TaskName orchestratorName, StartOrchestrationOptions options, CancellationToken cancellation = default)
        => ScheduleNewOrchestrationInstanceAsync(orchestratorName, null, options, cancellation);

    /// <summary>Schedules a new instance and returns its id.</summary>
    /// <exception cref="OrchestrationAlreadyExistsException">The id is in use by a Pending, Running or Suspended instance.</exception>
    public async Task<string> ScheduleNewOrchestrationInstanceAsync(TaskName orchestratorName, object? input, StartOrchestrationOptions? options, CancellationToken cancellation = default)
    {
        string instanceId = options?.InstanceId ?? Guid.NewGuid().ToString("N");
        string executionId = Guid.NewGuid().ToString("N");
        DateTimeOffset now = _time.GetUtcNow();
        DateTimeOffset? startAt = options?.StartAt;
        string? serialized = _converter.Serialize(input);
        var state = new OrchestrationState
        {
            InstanceId = instanceId,
            ExecutionId = executionId,
            Name = orchestratorName.Name,
            RuntimeStatus = OrchestrationRuntimeStatus.Pending,
            CreatedAt = now,
            LastUpdatedAt = now,
            ScheduledStartAt = startAt,
            Input = serialized,
        };
        var start = new OrchestrationMessage
        {
            MessageId = MessageIds.Start(instanceId, executionId),
            InstanceId = instanceId,
            ExecutionId = executionId,
            Event = new ExecutionStartedEvent(-1, now, orchestratorName.Name, executionId, serialized, null, startAt),
            VisibleAt = startAt > now ? startAt : null,
        };
        await _backend.CreateInstanceAsync(state, start, cancellation).ConfigureAwait(false);
        return instanceId;
    }

    /// <summary>Sends an event to an instance. Events for a suspended instance wait for resume; events nobody awaits yet are buffered.</summary>
    public Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        ArgumentException.ThrowIfNullOrEmpty(eventName);
        return SendAsync(instanceId, new EventRaisedEvent(-1, _time.GetUtcNow(), eventName, _converter.Serialize(eventPayload)), cancellation);
    }

    public Task<OrchestrationMetadata?> GetInstanceAsync(string instanceId, CancellationToken cancellation)
        => GetInstanceAsync(instanceId, false, cancellation);

    /// <summary>The instance's metadata, or null if it does not exist.</summary>
    public async Task<OrchestrationMetadata?> GetInstanceAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
    {
        OrchestrationState? state = await _backend.GetStateAsync(instanceId, cancellation).ConfigureAwait(false);
        return state is null ? null : OrchestrationMetadata.FromState(state, getInputsAndOutputs, _converter);
    }

    /// <summary>One page of instances matching the query.</summary>
    public async Task<OrchestrationMetadataPage> QueryInstancesAsync(OrchestrationQuery query, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        OrchestrationQueryResult page = await _backend.QueryInstancesAsync(query, cancellation).ConfigureAwait(false);
        return new OrchestrationMetadataPage(
            page.Instances.Select(s => OrchestrationMetadata.FromState(s, query.FetchInputsAndOutputs, _converter)).ToList(),
            page.ContinuationToken);
    }

    /// <summary>All instances matching the filter, following continuation tokens.</summary>
    public async IAsyncEnumerable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null, [EnumeratorCancellation] CancellationToken cancellation = default)
    {
        OrchestrationQuery query = filter ?? new OrchestrationQuery();
        while (true)
        {
            OrchestrationMetadataPage page = await QueryInstancesAsync(query, cancellation).ConfigureAwait(false);
            foreach (var instance in page.Instances)
            {
                yield return instance;
            }

            if (page.ContinuationToken is null)
            {
                yield break;
            }

            query = query with { ContinuationToken = page.ContinuationToken };
        }
    }

    /// <summary>Polls until the instance has left Pending (or finished).</summary>
    public Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
        => WaitAsync(instanceId, getInputsAndOutputs, s => s != OrchestrationRuntimeStatus.Pending, cancellation);

    /// <summary>Polls until the instance is Completed, Failed or Terminated.</summary>
    public Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
        => WaitAsync(instanceId, getInputsAndOutputs, s => s.IsTerminal(), cancellation);

    /// <summary>Terminates the instance; <paramref name="output"/> becomes its output.</summary>
    public Task TerminateInstanceAsync(string instanceId, object? output = null, CancellationToken cancellation = default)
        => SendAsync(instanceId, new ExecutionTerminatedEvent(-1, _time.GetUtcNow(), _converter.Serialize(output)), cancellation);

    /// <summary>Suspends the instance: it keeps receiving events but processes them only after resume.</summary>
    public Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default)
        => SendAsync(instanceId, new ExecutionSuspendedEvent(-1, _time.GetUtcNow(), reason), cancellation);

    /// <summary>Resumes a suspended instance.</summary>
    public Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default)
        => SendAsync(instanceId, new ExecutionResumedEvent(-1, _time.GetUtcNow(), reason), cancellation);

    /// <summary>Deletes a Completed, Failed or Terminated instance and its history; a running one is not purged (count 0).</summary>
    public async Task<PurgeResult> PurgeInstanceAsync(string instanceId, CancellationToken cancellation = default)
        => new(await _backend.PurgeInstanceAsync(instanceId, cancellation).ConfigureAwait(false) ? 1 : 0);

    /// <summary>Deletes every terminal instance matching the filter.</summary>
    public async Task<PurgeResult> PurgeAllInstancesAsync(PurgeInstancesFilter filter, CancellationToken cancellation = default)
        => new(await _backend.PurgeInstancesAsync(filter, cancellation).ConfigureAwait(false));

    /// <summary>Signed management URLs for one instance, safe to hand to a third party (each URL works for its one operation on this instance only).</summary>
    public HttpManagementPayload CreateHttpManagementPayload(string instanceId)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        string root = $"{_options.BaseUrl.ToString().TrimEnd('/')}/runtime/webhooks/durabletask/instances/{Uri.EscapeDataString(instanceId)}";
        string Sig(ManagementOperation op) => $"sig={_signer.Sign(instanceId, op)}";
        return new HttpManagementPayload(
            instanceId,
            new Uri($"{root}?{Sig(ManagementOperation.Status)}"),
            $"{root}/raiseEvent/{{eventName}}?{Sig(ManagementOperation.SendEvent)}",
            new Uri($"{root}/terminate?{Sig(ManagementOperation.Terminate)}"),
            new Uri($"{root}/suspend?{Sig(ManagementOperation.Suspend)}"),
            new Uri($"{root}/resume?{Sig(ManagementOperation.Resume)}"),
            new Uri($"{root}?{Sig(ManagementOperation.Purge)}"));
    }

    private Task SendAsync(string instanceId, HistoryEvent e, CancellationToken cancellation)
        => _backend.SendMessageAsync(
            new OrchestrationMessage { MessageId = Guid.NewGuid().ToString("N"), InstanceId = instanceId, Event = e },
            cancellation);

    private async Task<OrchestrationMetadata> WaitAsync(string instanceId, bool getInputsAndOutputs, Func<OrchestrationRuntimeStatus, bool> done, CancellationToken cancellation)
    {
        while (true)
        {
            OrchestrationMetadata? metadata = await GetInstanceAsync(instanceId, getInputsAndOutputs, cancellation).ConfigureAwait(false);
            if (metadata is not null && done(metadata.RuntimeStatus))
            {
                return metadata;
            }

            await Task.Delay(PollInterval, _time, cancellation).ConfigureAwait(false);
        }
    }
}
