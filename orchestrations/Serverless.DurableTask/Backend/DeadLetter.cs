namespace Serverless.DurableTask.Backend;

/// <summary>A message set aside because it kept failing, with the reason; it can be replayed.</summary>
/// <param name="Id">Unique id of the dead letter (used to replay it).</param>
/// <param name="Message">The original message (its DequeueCount as it was when dead-lettered).</param>
/// <param name="Reason">Why it was dead-lettered (exception type and message, or "exceeded MaxDeliveryCount").</param>
/// <param name="DeadLetteredAt">When it was dead-lettered.</param>
public sealed record DeadLetter(string Id, OrchestrationMessage Message, string Reason, DateTimeOffset DeadLetteredAt);
