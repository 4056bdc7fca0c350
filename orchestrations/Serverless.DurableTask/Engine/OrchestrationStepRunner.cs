using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serverless.DurableTask.Backend;
using Serverless.DurableTask.History;
using Serverless.DurableTask.Worker;

namespace Serverless.DurableTask.Engine;

/// <summary>Turns one orchestration work item into a checkpoint: filters duplicate and stale messages, replays, and builds history, state and outbox.</summary>
internal sealed class OrchestrationStepRunner(
    DurableTaskRegistry registry,
    IServiceProvider services,
    DataConverter converter,
    ILoggerFactory loggerFactory)
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<OrchestrationStepRunner>();

    public OrchestrationCheckpoint Run(OrchestrationWorkItem workItem, DateTimeOffset now)
    {
        OrchestrationState? state = workItem.State;
        IReadOnlyList<HistoryEvent> history = workItem.History;
        var extra = new List<OrchestrationMessage>();
        var accepted = Filter(workItem, ref state, ref history, extra);
        if (accepted.Count == 0)
        {
            return OrchestrationCheckpoint.Empty(workItem.State) with { InstanceMessages = extra };
        }

        var newEvents = new List<HistoryEvent>(accepted.Count + 1) { new OrchestratorStartedEvent(-1, now) };
        newEvents.AddRange(accepted);
        ExecutionStartedEvent started = history.Concat(newEvents).OfType<ExecutionStartedEvent>().FirstOrDefault()!;
        if (started is null)
        {
            return NotStarted(state!, newEvents, now, extra);
        }

        Type type = registry.FindOrchestrator(started.Name)
            ?? throw new OrchestratorNotRegisteredException($"No orchestrator named '{started.Name}' is registered on this worker.");
        var orchestrator = (ITaskOrchestrator)ActivatorUtilities.GetServiceOrCreateInstance(services, type);
        var context = new ReplayOrchestrationContext(started.Name, workItem.InstanceId, started.ExecutionId, started.Input, converter, loggerFactory);

        ExecutionResult result;
        bool emitActions = true;
        try
        {
            result = OrchestrationExecutor.Execute(orchestrator, context, history, newEvents, converter);
        }
        catch (NonDeterministicOrchestrationException ex)
        {
            Log.NonDeterministic(_logger, workItem.InstanceId, started.Name, ex.Message);
            result = new ExecutionResult(OrchestrationRuntimeStatus.Failed, Failure: FailureDetails.FromException(ex));
            emitActions = false;
        }

        return Build(workItem.InstanceId, state, started, context, result, newEvents, emitActions, now, extra);
    }

    private List<HistoryEvent> Filter(OrchestrationWorkItem workItem, ref OrchestrationState? state, ref IReadOnlyList<HistoryEvent> history, List<OrchestrationMessage> extra)
    {
        var seen = new HashSet<string>(history.Where(e => e.MessageId is not null).Select(e => e.MessageId!), StringComparer.Ordinal);
        var scheduled = new HashSet<int>(history.Where(IsScheduling).Select(e => e.EventId));
        var closed = new HashSet<int>(history.Select(CompletedTaskId).Where(id => id >= 0));
        string? executionId = state?.ExecutionId;
        bool hasStart = history.Any(e => e is ExecutionStartedEvent);
        bool terminal = state?.RuntimeStatus.IsTerminal() ?? false;
        var accepted = new List<HistoryEvent>();

        foreach (var message in workItem.Messages)
        {
            if (!seen.Add(message.MessageId))
            {
                Log.Dropped(_logger, workItem.InstanceId, message.MessageId, "duplicate");
                continue;
            }

            HistoryEvent e = message.Event with { MessageId = message.MessageId };
            if (e is ExecutionStartedEvent start)
            {
                if (state is null && !hasStart)
                {
                    executionId = start.ExecutionId;
                    hasStart = true;
                    accepted.Add(e);
                }
                else if (state is not null && start.ExecutionId == state.ExecutionId && !hasStart && !terminal)
                {
                    hasStart = true;
                    accepted.Add(e);
                }
                else if (state is not null && terminal && start.ExecutionId != state.ExecutionId && accepted.Count == 0)
                {
                    // A new execution reuses a finished instance id (e.g. a sub-orchestration with a fixed id): start afresh.
                    state = null;
                    history = [];
                    seen.Clear();
                    scheduled.Clear();
                    closed.Clear();
                    executionId = start.ExecutionId;
                    hasStart = true;
                    terminal = false;
                    accepted.Add(e);
                }
                else
                {
                    Log.Dropped(_logger, workItem.InstanceId, message.MessageId, "instance already started");
                    if (start.ParentInstance is { } parent && start.ExecutionId != executionId)
                    {
                        extra.Add(ToParent(parent, workItem.InstanceId, start.ExecutionId, new SubOrchestrationInstanceFailedEvent(
                            -1, message.Event.Timestamp, parent.TaskScheduledId,
                            new FailureDetails(typeof(OrchestrationAlreadyExistsException).FullName!, $"An orchestration with instance id '{workItem.InstanceId}' is already running."))));
                    }
                }

                continue;
            }

            if (executionId is null)
            {
                Log.Dropped(_logger, workItem.InstanceId, message.MessageId, "unknown instance");
                continue;
            }

            if (terminal || (message.ExecutionId is not null && message.ExecutionId != executionId))
            {
                Log.Dropped(_logger, workItem.InstanceId, message.MessageId, terminal ? "instance finished" : "other execution");
                continue;
            }

            int taskId = CompletedTaskId(e);
            if (taskId >= 0 && (!scheduled.Contains(taskId) || !closed.Add(taskId)))
            {
                Log.Dropped(_logger, workItem.InstanceId, message.MessageId, "task already completed or unknown");
                continue;
            }

            accepted.Add(e);
        }

        return accepted;
    }

    private static OrchestrationCheckpoint NotStarted(OrchestrationState state, List<HistoryEvent> newEvents, DateTimeOffset now, List<OrchestrationMessage> extra)
    {
        // Events for an instance whose start is still ahead (scheduled start) are recorded and replayed once it starts.
        var status = state.RuntimeStatus;
        string? output = state.Output;
        DateTimeOffset? completedAt = state.CompletedAt;
        foreach (var e in newEvents)
        {
            switch (e)
            {
                case ExecutionTerminatedEvent t:
                    status = OrchestrationRuntimeStatus.Terminated;
                    output = t.Output;
                    completedAt = now;
                    break;
                case ExecutionSuspendedEvent when status == OrchestrationRuntimeStatus.Pending:
                    status = OrchestrationRuntimeStatus.Suspended;
                    break;
                case ExecutionResumedEvent when status == OrchestrationRuntimeStatus.Suspended:
                    status = OrchestrationRuntimeStatus.Pending;
                    break;
                default:
                    break;
            }
        }

        newEvents.Add(new OrchestratorCompletedEvent(-1, now));
        return new OrchestrationCheckpoint
        {
            NewHistory = newEvents,
            State = state with { RuntimeStatus = status, Output = output, CompletedAt = completedAt, LastUpdatedAt = now },
            InstanceMessages = extra,
        };
    }

    private static OrchestrationCheckpoint Build(
        string instanceId,
        OrchestrationState? state,
        ExecutionStartedEvent started,
        ReplayOrchestrationContext context,
        ExecutionResult result,
        List<HistoryEvent> newHistory,
        bool emitActions,
        DateTimeOffset now,
        List<OrchestrationMessage> instanceMessages)
    {
        string executionId = started.ExecutionId;
        var activityMessages = new List<OrchestrationMessage>();
        var timerMessages = new List<OrchestrationMessage>();

        if (emitActions && result.Status != OrchestrationRuntimeStatus.Terminated)
        {
            foreach (var action in context.Actions.Where(a => !a.Matched))
            {
                newHistory.Add(action.Event);
                switch (action.Event)
                {
                    case TaskScheduledEvent ts:
                        activityMessages.Add(new OrchestrationMessage
                        {
                            MessageId = MessageIds.Activity(instanceId, executionId, ts.EventId),
                            InstanceId = instanceId,
                            ExecutionId = executionId,
                            Event = ts,
                        });
                        break;
                    case TimerCreatedEvent tc:
                        timerMessages.Add(new OrchestrationMessage
                        {
                            MessageId = MessageIds.Timer(instanceId, executionId, tc.EventId),
                            InstanceId = instanceId,
                            ExecutionId = executionId,
                            Event = new TimerFiredEvent(-1, tc.FireAt, tc.EventId, tc.FireAt),
                            VisibleAt = tc.FireAt,
                        });
                        break;
                    case SubOrchestrationInstanceCreatedEvent so:
                        string childExecution = DeterministicGuid.Create(MessageIds.SubOrchestration(instanceId, executionId, so.EventId)).ToString("N");
                        instanceMessages.Add(new OrchestrationMessage
                        {
                            MessageId = MessageIds.SubOrchestration(instanceId, executionId, so.EventId),
                            InstanceId = so.InstanceId,
                            Event = new ExecutionStartedEvent(-1, now, so.Name, childExecution, so.Input,
                                new ParentInstanceInfo(started.Name, instanceId, executionId, so.EventId)),
                        });
                        break;
                    case EventSentEvent sent:
                        instanceMessages.Add(new OrchestrationMessage
                        {
                            MessageId = MessageIds.SentEvent(instanceId, executionId, sent.EventId),
                            InstanceId = sent.InstanceId,
                            Event = new EventRaisedEvent(-1, now, sent.Name, sent.Input),
                        });
                        break;
                    default:
                        break;
                }
            }
        }

        var newState = new OrchestrationState
        {
            InstanceId = instanceId,
            ExecutionId = executionId,
            Name = started.Name,
            RuntimeStatus = result.Status,
            CreatedAt = state?.CreatedAt ?? now,
            LastUpdatedAt = now,
            ScheduledStartAt = state?.ScheduledStartAt,
            Input = started.Input,
            CustomStatus = context.CustomStatus ?? state?.CustomStatus,
            ParentInstanceId = started.ParentInstance?.InstanceId,
        };

        bool continuedAsNew = false;
        switch (result.Status)
        {
            case OrchestrationRuntimeStatus.Completed:
                newHistory.Add(new ExecutionCompletedEvent(-1, now, OrchestrationRuntimeStatus.Completed, result.Output));
                newState = newState with { Output = result.Output, CompletedAt = now };
                NotifyParent(new SubOrchestrationInstanceCompletedEvent(-1, now, started.ParentInstance?.TaskScheduledId ?? -1, result.Output));
                break;
            case OrchestrationRuntimeStatus.Failed:
                newHistory.Add(new ExecutionCompletedEvent(-1, now, OrchestrationRuntimeStatus.Failed, null, result.Failure));
                newState = newState with { FailureDetails = result.Failure, CompletedAt = now };
                NotifyParent(new SubOrchestrationInstanceFailedEvent(-1, now, started.ParentInstance?.TaskScheduledId ?? -1, result.Failure!));
                break;
            case OrchestrationRuntimeStatus.Terminated:
                newState = newState with { Output = result.Output, CompletedAt = now };
                NotifyParent(new SubOrchestrationInstanceFailedEvent(-1, now, started.ParentInstance?.TaskScheduledId ?? -1,
                    new FailureDetails("Terminated", $"The sub-orchestration '{instanceId}' was terminated.")));
                break;
            case OrchestrationRuntimeStatus.ContinuedAsNew:
                continuedAsNew = true;
                string newExecutionId = DeterministicGuid.Create($"{instanceId}|{executionId}|continue-as-new").ToString("N");
                newState = newState with
                {
                    ExecutionId = newExecutionId,
                    RuntimeStatus = OrchestrationRuntimeStatus.Running,
                    Input = context.ContinueAsNewInput,
                };
                instanceMessages.Add(new OrchestrationMessage
                {
                    MessageId = MessageIds.Start(instanceId, newExecutionId),
                    InstanceId = instanceId,
                    ExecutionId = newExecutionId,
                    Event = new ExecutionStartedEvent(-1, now, started.Name, newExecutionId, context.ContinueAsNewInput, started.ParentInstance),
                });
                if (context.PreserveUnprocessedEvents)
                {
                    int index = 0;
                    foreach (var (name, input) in context.UnprocessedEvents().Concat(result.HeldEvents ?? []))
                    {
                        instanceMessages.Add(new OrchestrationMessage
                        {
                            MessageId = MessageIds.CarriedEvent(instanceId, newExecutionId, index++),
                            InstanceId = instanceId,
                            ExecutionId = newExecutionId,
                            Event = new EventRaisedEvent(-1, now, name, input),
                        });
                    }
                }

                break;
            default:
                break;
        }

        if (!continuedAsNew)
        {
            newHistory.Add(new OrchestratorCompletedEvent(-1, now));
        }

        return new OrchestrationCheckpoint
        {
            // After ContinueAsNew the new execution starts with an empty history; the old one is done.
            NewHistory = continuedAsNew ? [] : newHistory,
            State = newState,
            ActivityMessages = activityMessages,
            TimerMessages = timerMessages,
            InstanceMessages = instanceMessages,
            ContinuedAsNew = continuedAsNew,
        };

        void NotifyParent(HistoryEvent e)
        {
            if (started.ParentInstance is { } parent)
            {
                instanceMessages.Add(ToParent(parent, instanceId, executionId, e));
            }
        }
    }

    private static OrchestrationMessage ToParent(ParentInstanceInfo parent, string instanceId, string executionId, HistoryEvent e) => new()
    {
        MessageId = MessageIds.ParentNotification(instanceId, executionId),
        InstanceId = parent.InstanceId,
        ExecutionId = parent.ExecutionId,
        Event = e,
    };

    private static bool IsScheduling(HistoryEvent e)
        => e is TaskScheduledEvent or TimerCreatedEvent or SubOrchestrationInstanceCreatedEvent;

    private static int CompletedTaskId(HistoryEvent e) => e switch
    {
        TaskCompletedEvent c => c.TaskScheduledId,
        TaskFailedEvent f => f.TaskScheduledId,
        TimerFiredEvent t => t.TimerId,
        SubOrchestrationInstanceCompletedEvent sc => sc.TaskScheduledId,
        SubOrchestrationInstanceFailedEvent sf => sf.TaskScheduledId,
        _ => -1,
    };
}
