namespace Serverless.DurableTask.Engine;

/// <summary>A message names an orchestrator or activity this worker does not know (yet); the message is retried, then dead-lettered.</summary>
public sealed class OrchestratorNotRegisteredException : Exception
{
    public OrchestratorNotRegisteredException()
    {
    }

    public OrchestratorNotRegisteredException(string message)
        : base(message)
    {
    }

    public OrchestratorNotRegisteredException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
