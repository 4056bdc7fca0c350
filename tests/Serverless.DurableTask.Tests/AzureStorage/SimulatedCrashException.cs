using Serverless.DurableTask.AzureStorage;

namespace Serverless.DurableTask.Tests.AzureStorage;

/// <summary>Thrown by a test's fault hook to simulate the process dying at a stage of a step.</summary>
internal sealed class SimulatedCrashException : Exception
{
    public SimulatedCrashException()
    {
    }

    public SimulatedCrashException(string message)
        : base(message)
    {
    }

    public SimulatedCrashException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal SimulatedCrashException(FaultStage stage)
        : base($"Simulated crash at {stage}.")
    {
    }
}
