using DurableTask.AzureStorage;
using DurableTask.AzureStorage.Tracking;
using DurableTask.Core;
using DurableTask.Core.Exceptions;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using CoreFailureDetails = DurableTask.Core.FailureDetails;
using CoreStatus = DurableTask.Core.OrchestrationStatus;
using PurgeResult = Microsoft.DurableTask.Client.PurgeResult;

namespace Marketplace.DurableHosting;

/// <summary>
/// The <see cref="DurableTaskClient"/> the app gets where no Functions host gives it one through [DurableClient]: the
/// same operations, straight on the DurableTask.AzureStorage engine's client (the task hub the worker here runs).
/// Inputs and events are serialized with the worker's data converter, so both sides read the same JSON.
/// </summary>
public sealed class SelfHostDurableTaskClient : DurableTaskClient
{
    private static readonly TimeSpan s_pollInterval = TimeSpan.FromMilliseconds(200);

    private readonly AzureStorageOrchestrationService _service;
    private readonly TaskHubClient _client;
    private readonly DataConverter _converter;

    public SelfHostDurableTaskClient(AzureStorageOrchestrationService service, DataConverter converter)
        : base("self-host")
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(converter);
        _service = service;
        _converter = converter;
        _client = new TaskHubClient(service, new CoreDataConverter(converter), loggerFactory: null);
    }

    public override async Task<string> ScheduleNewOrchestrationInstanceAsync(
        TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default)
    {
        var instanceId = options?.InstanceId ?? Guid.NewGuid().ToString("N");
        // Unless told otherwise, an instance still running is not replaced, as Durable Functions does.
        var dedupe = options?.DedupeStatuses?.Select(s => Enum.Parse<CoreStatus>(s)).ToArray()
            ?? [CoreStatus.Pending, CoreStatus.Running, CoreStatus.Suspended];
        var tags = options?.Tags.ToDictionary(t => t.Key, t => t.Value);
        try
        {
            await _client.CreateOrchestrationInstanceAsync(
                orchestratorName.Name, options?.Version?.Version ?? "", instanceId, input, tags, dedupe,
                options?.StartAt?.UtcDateTime ?? DateTime.UtcNow).ConfigureAwait(false);
        }
        catch (OrchestrationAlreadyExistsException ex)
        {
            throw new InvalidOperationException($"An orchestration with the instance id '{instanceId}' already exists.", ex);
        }

        return instanceId;
    }

    public override Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default) =>
        _client.RaiseEventAsync(new OrchestrationInstance { InstanceId = instanceId }, eventName, eventPayload!);

    public override Task TerminateInstanceAsync(string instanceId, TerminateInstanceOptions? options = null, CancellationToken cancellation = default) =>
        _service.ForceTerminateTaskOrchestrationAsync(instanceId, options?.Output is null ? null : _converter.Serialize(options.Output));

    public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        _client.SuspendInstanceAsync(new OrchestrationInstance { InstanceId = instanceId }, reason);

    public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        _client.ResumeInstanceAsync(new OrchestrationInstance { InstanceId = instanceId }, reason);

    public override async Task<OrchestrationMetadata?> GetInstancesAsync(
        string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
    {
        var states = await _service.GetOrchestrationStateAsync(instanceId, allExecutions: false, fetchInput: getInputsAndOutputs)
            .ConfigureAwait(false);
        return states.FirstOrDefault() is { } state ? ToMetadata(state, getInputsAndOutputs) : null;
    }

    public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null) =>
        Pageable.Create(async (continuation, pageSize, cancellation) =>
        {
            var query = filter ?? new OrchestrationQuery();
            var condition = new OrchestrationInstanceStatusQueryCondition
            {
                RuntimeStatus = query.Statuses?.Select(ToCoreStatus).ToList(),
                CreatedTimeFrom = query.CreatedFrom?.UtcDateTime ?? default,
                CreatedTimeTo = query.CreatedTo?.UtcDateTime ?? default,
                InstanceIdPrefix = query.InstanceIdPrefix,
                FetchInput = query.FetchInputsAndOutputs,
                FetchOutput = query.FetchInputsAndOutputs,
            };
            var result = await _service.GetOrchestrationStateAsync(
                condition, pageSize ?? query.PageSize, continuation ?? query.ContinuationToken, cancellation).ConfigureAwait(false);
            return new Page<OrchestrationMetadata>(
                result.OrchestrationState.Select(s => ToMetadata(s, query.FetchInputsAndOutputs)).ToList(),
                string.IsNullOrEmpty(result.ContinuationToken) ? null : result.ContinuationToken);
        });

    public override async Task<OrchestrationMetadata> WaitForInstanceStartAsync(
        string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
    {
        while (true)
        {
            if (await GetInstancesAsync(instanceId, getInputsAndOutputs, cancellation).ConfigureAwait(false) is { } metadata
                && metadata.RuntimeStatus != OrchestrationRuntimeStatus.Pending)
            {
                return metadata;
            }

            await Task.Delay(s_pollInterval, cancellation).ConfigureAwait(false);
        }
    }

    public override async Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(
        string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
    {
        while (true)
        {
            if (await GetInstancesAsync(instanceId, getInputsAndOutputs, cancellation).ConfigureAwait(false) is { IsCompleted: true } metadata)
            {
                return metadata;
            }

            await Task.Delay(s_pollInterval, cancellation).ConfigureAwait(false);
        }
    }

    public override async Task<PurgeResult> PurgeInstanceAsync(string instanceId, PurgeInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        var result = await _service.PurgeInstanceHistoryAsync(instanceId).ConfigureAwait(false);
        return new PurgeResult(result.InstancesDeleted);
    }

    public override async Task<PurgeResult> PurgeAllInstancesAsync(
        PurgeInstancesFilter filter, PurgeInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var result = await _service.PurgeInstanceHistoryAsync(
            filter.CreatedFrom?.UtcDateTime ?? DateTime.MinValue, filter.CreatedTo?.UtcDateTime,
            filter.Statuses?.Select(ToCoreStatus) ?? []).ConfigureAwait(false);
        return new PurgeResult(result.InstancesDeleted);
    }

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private OrchestrationMetadata ToMetadata(OrchestrationState state, bool withInputsAndOutputs) =>
        new(state.Name, state.OrchestrationInstance.InstanceId)
        {
            DataConverter = _converter,
            RuntimeStatus = (OrchestrationRuntimeStatus)state.OrchestrationStatus,
            CreatedAt = new DateTimeOffset(DateTime.SpecifyKind(state.CreatedTime, DateTimeKind.Utc)),
            LastUpdatedAt = new DateTimeOffset(DateTime.SpecifyKind(state.LastUpdatedTime, DateTimeKind.Utc)),
            SerializedInput = withInputsAndOutputs ? state.Input : null,
            SerializedOutput = withInputsAndOutputs ? state.Output : null,
            SerializedCustomStatus = state.Status,
            Tags = state.Tags is null ? new Dictionary<string, string>() : new Dictionary<string, string>(state.Tags),
            FailureDetails = ToFailure(state.FailureDetails),
        };

    private static TaskFailureDetails? ToFailure(CoreFailureDetails? details) => details is null
        ? null
        : new TaskFailureDetails(details.ErrorType, details.ErrorMessage, details.StackTrace, ToFailure(details.InnerFailure), null);

    // Both enumerations carry the engine's values (Microsoft.DurableTask defines its statuses from DurableTask.Core's).
    private static CoreStatus ToCoreStatus(OrchestrationRuntimeStatus status) => (CoreStatus)status;
}
