namespace Serverless.DurableTask.Management;

/// <summary>A dead letter as the management API lists it (no payload: it may hold personal data).</summary>
public sealed record DeadLetterResponse(string Id, string MessageId, string InstanceId, string EventType, long DequeueCount, string Reason, DateTimeOffset DeadLetteredAt);
