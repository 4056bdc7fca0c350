namespace Marketplace.Functions.Hosting;

/// <summary>One delivery of a queue message, as a queue function's trigger binds it.</summary>
/// <param name="MessageText">The message body as text (already decoded).</param>
/// <param name="DequeueCount">How many times this message has been delivered, this time included.</param>
public sealed record QueueInvocation(string MessageId, string MessageText, long DequeueCount, DateTimeOffset? InsertedOn);
