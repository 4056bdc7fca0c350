namespace Serverless.DurableTask;

/// <summary>Thrown into orchestrator code when an activity or sub-orchestration it awaited failed.</summary>
public sealed class TaskFailedException : Exception
{
    public TaskFailedException()
        : this("A task failed.", -1, "unknown", new FailureDetails("unknown", "unknown"))
    {
    }

    public TaskFailedException(string message)
        : this(message, -1, "unknown", new FailureDetails("unknown", message))
    {
    }

    public TaskFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
        TaskName = "unknown";
        TaskId = -1;
        FailureDetails = FailureDetails.FromException(innerException);
    }

    public TaskFailedException(string taskName, int taskId, FailureDetails failureDetails)
        : this($"Task '{taskName}' (#{taskId}) failed with an unhandled exception: {failureDetails?.ErrorMessage}", taskId, taskName, failureDetails!)
    {
    }

    private TaskFailedException(string message, int taskId, string taskName, FailureDetails failureDetails)
        : base(message)
    {
        ArgumentNullException.ThrowIfNull(failureDetails);
        TaskName = taskName;
        TaskId = taskId;
        FailureDetails = failureDetails;
    }

    /// <summary>Name of the activity or sub-orchestration that failed.</summary>
    public string TaskName { get; }

    /// <summary>The task id (history event id) of the failed task.</summary>
    public int TaskId { get; }

    /// <summary>Details of the failure as recorded in history.</summary>
    public FailureDetails FailureDetails { get; }
}
