namespace Serverless.DurableTask.History;

/// <summary>Identifies the parent of a sub-orchestration and the task that waits for it.</summary>
/// <param name="Name">The parent's orchestrator name.</param>
/// <param name="InstanceId">The parent's instance id.</param>
/// <param name="ExecutionId">The parent's execution id (the completion is addressed to it).</param>
/// <param name="TaskScheduledId">The parent's task id of the SubOrchestrationInstanceCreated event.</param>
public sealed record ParentInstanceInfo(string Name, string InstanceId, string ExecutionId, int TaskScheduledId);
