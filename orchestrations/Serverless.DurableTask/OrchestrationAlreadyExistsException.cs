namespace Serverless.DurableTask;

/// <summary>Thrown when scheduling an instance id that is already Pending, Running or Suspended.</summary>
public sealed class OrchestrationAlreadyExistsException : InvalidOperationException
{
    public OrchestrationAlreadyExistsException()
    {
    }

    public OrchestrationAlreadyExistsException(string message)
        : base(message)
    {
    }

    public OrchestrationAlreadyExistsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public OrchestrationAlreadyExistsException(string instanceId, OrchestrationRuntimeStatus status)
        : base($"An orchestration with instance id '{instanceId}' already exists and is {status}. "
            + "Only a Completed, Failed or Terminated instance id can be reused.")
    {
        InstanceId = instanceId;
        Status = status;
    }

    /// <summary>The instance id that was refused.</summary>
    public string? InstanceId { get; }

    /// <summary>The status the existing instance is in.</summary>
    public OrchestrationRuntimeStatus? Status { get; }
}
