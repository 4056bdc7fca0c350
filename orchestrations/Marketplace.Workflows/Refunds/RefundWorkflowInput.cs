namespace Marketplace.Workflows.Refunds;

/// <summary>
/// A refund's workflow: which refund, when finance is reminded and when the approval is escalated, and how hard webhooks
/// and the payment are retried. Everything the orchestrator needs is here (it reads no settings: orchestrators are deterministic).
/// </summary>
public sealed record RefundWorkflowInput(string RefundId, string Marketplace, DateTimeOffset RemindAt, DateTimeOffset EscalateAt)
{
    /// <summary>How often a refund still waiting after its escalation is looked at again (in case a decision's event was lost).</summary>
    public TimeSpan RecheckEvery { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Set when the refund waits for its return: paid once it is delivered, or at this time (the inspection window).</summary>
    public DateTimeOffset? AwaitReturnUntil { get; init; }

    public int NotificationAttempts { get; init; } = 5;

    public TimeSpan NotificationFirstRetry { get; init; } = TimeSpan.FromSeconds(30);

    public int PaymentAttempts { get; init; } = 8;

    public TimeSpan PaymentFirstRetry { get; init; } = TimeSpan.FromSeconds(5);
}

/// <summary>How the refund ended.</summary>
public enum RefundOutcome
{
    Paid,
    Rejected,
}

/// <summary>A webhook to finance about a refund: its type, to whom, and its idempotency key (the same on every retry and replay).</summary>
public sealed record RefundNotice(string RefundId, string Type, bool ToEscalation, string IdempotencyKey);

/// <summary>The JSON finance receives: the refund, who agreed to it, and the URLs to approve or reject it.</summary>
public sealed record RefundNoticeBody(
    string Type, string Id, string Marketplace, string RefundId, string ClaimId, string OrderId, string BuyerId, string SellerId, decimal Amount,
    string Currency, string Reason, string AgreedBy, string? DecisionReason, int RequiredApprovals, IReadOnlyList<string> Approvers,
    DateTimeOffset RequestedAt, RefundCallbackUrls? Callbacks, DateTimeOffset SentAt);

/// <summary>The request the payment system receives (its Idempotency-Key header is the refund id).</summary>
public sealed record RefundPaymentRequest(string RefundId, string Marketplace, string OrderId, string BuyerId, decimal Amount, string Currency);

/// <summary>What the payment system answers: its id for the refund.</summary>
public sealed record RefundPaymentResult(string? PaymentId);
