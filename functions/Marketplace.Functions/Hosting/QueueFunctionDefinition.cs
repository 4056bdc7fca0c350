using System.Reflection;

namespace Marketplace.Functions.Hosting;

/// <summary>A queue-triggered function: its name, the queue that triggers it (with the app's prefix) and its method.</summary>
public sealed record QueueFunctionDefinition(string Name, string QueueName, MethodInfo Method)
{
    /// <summary>Where messages go after the last failed delivery, as the Functions host names it.</summary>
    public string PoisonQueueName => QueueName + "-poison";
}
