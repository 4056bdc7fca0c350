namespace Marketplace.Workflows.Claims;

/// <summary>
/// A claim's resolution window: when it ends, when the seller is reminded, and how hard a reminder is retried. Everything
/// the orchestrator needs is here (it reads no settings: orchestrators are deterministic).
/// </summary>
public sealed record ClaimWindowInput(
    string ClaimId, string Marketplace, string SellerId, DateTimeOffset DueAt, IReadOnlyList<DateTimeOffset> RemindAt)
{
    public int NotificationAttempts { get; init; } = 5;

    public TimeSpan NotificationFirstRetry { get; init; } = TimeSpan.FromSeconds(30);
}

/// <summary>How the window ended: the parties settled or escalated it in time, or it expired into mediation.</summary>
public enum ClaimWindowOutcome
{
    SettledInTime,
    ExpiredToMediation,
}

/// <summary>A reminder to the seller about an open claim (the idempotency key is the same on every retry and replay).</summary>
public sealed record ClaimReminder(ClaimWindowInput Window, DateTimeOffset At, string IdempotencyKey);

/// <summary>The JSON a seller's system receives for a claim reminder.</summary>
public sealed record ClaimReminderBody(string Type, string Id, string Marketplace, string SellerId, string ClaimId, DateTimeOffset DueAt, DateTimeOffset SentAt);
