namespace Serverless.DurableTask;

/// <summary>Options for scheduling a new orchestration instance.</summary>
/// <param name="InstanceId">The instance id; null generates a random one.</param>
/// <param name="StartAt">When the instance should start; null starts it now.</param>
public sealed record StartOrchestrationOptions(string? InstanceId = null, DateTimeOffset? StartAt = null);
