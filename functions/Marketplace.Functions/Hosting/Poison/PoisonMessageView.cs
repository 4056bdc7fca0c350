namespace Marketplace.Functions.Hosting;

/// <summary>One message in a poison queue as the admin API shows it; the body only when asked for.</summary>
public sealed record PoisonMessageView(
    string Id,
    DateTimeOffset? InsertedOn,
    long DequeueCount,
    int BodyLength,
    PoisonReasonView? Reason,
    string? Body);
