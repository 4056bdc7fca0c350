using Microsoft.DurableTask;

namespace Marketplace.Functions.Durable;

/// <summary>
/// The activity context an <c>[ActivityTrigger]</c> function hands to the activity class it wraps: its name and its
/// orchestration's instance id (the Durable source generator writes the same class; it is not served here).
/// </summary>
internal sealed class FunctionActivityContext(string name, string instanceId) : TaskActivityContext
{
    public override TaskName Name { get; } = name;

    public override string InstanceId { get; } = instanceId;
}
