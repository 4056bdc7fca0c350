namespace Marketplace.Functions.Hosting;

/// <summary>A poison queue's first messages (a storage queue can be peeked 32 at a time).</summary>
public sealed record PoisonQueueView(string Queue, string PoisonQueue, IReadOnlyList<PoisonMessageView> Messages);
