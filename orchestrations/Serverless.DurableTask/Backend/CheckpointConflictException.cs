namespace Serverless.DurableTask.Backend;

/// <summary>The instance changed since the work item was read (ETag mismatch); nothing was committed.</summary>
/// <remarks>The engine abandons the work item so its messages are redelivered and the step is redone on fresh state.</remarks>
public sealed class CheckpointConflictException : Exception
{
    public CheckpointConflictException()
    {
    }

    public CheckpointConflictException(string message)
        : base(message)
    {
    }

    public CheckpointConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
