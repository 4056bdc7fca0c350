namespace Marketplace.Functions.Hosting;

/// <summary>A queue-triggered function: its name (custom-handler route POST /{Name}) and the queue that triggers it.</summary>
public sealed record QueueFunctionDefinition(string Name, string QueueName, bool SelfHostedPolling = true)
{
    /// <summary>Where messages go after the last failed delivery, as the Functions host names it.</summary>
    public string PoisonQueueName => QueueName + "-poison";
}
