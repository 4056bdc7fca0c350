namespace Marketplace.Functions.Refunds;

/// <summary>Settings of refunds and finance's approval (section "Refunds").</summary>
public sealed class RefundOptions
{
    public const string Section = "Refunds";

    /// <summary>
    /// The HMAC-SHA256 key callback URLs are signed with (at least 32 characters; not the Durable system key: a leaked
    /// callback key approves refunds, nothing more). Required once a finance webhook is configured.
    /// </summary>
    public string? CallbackKey { get; set; }

    /// <summary>How long a callback URL works (72 h).</summary>
    public TimeSpan CallbackLifetime { get; set; } = TimeSpan.FromHours(72);

    /// <summary>The app's public address, the start of every callback URL.</summary>
    public Uri PublicBaseUrl { get; set; } = new("http://127.0.0.1:7071");

    /// <summary>Refunds above this amount (in any currency) need two different approvers.</summary>
    public decimal FourEyesAbove { get; set; } = 1000m;

    /// <summary>When finance is reminded of a refund nobody decided (after the request).</summary>
    public TimeSpan ReminderAfter { get; set; } = TimeSpan.FromHours(24);

    /// <summary>When an undecided refund is escalated to the second approver (after the request).</summary>
    public TimeSpan EscalateAfter { get; set; } = TimeSpan.FromHours(48);

    /// <summary>Finance's webhook for every marketplace without its own.</summary>
    public RefundEndpointOptions? FinanceWebhook { get; set; }

    /// <summary>Per marketplace: its finance system's webhook.</summary>
    public Dictionary<string, RefundEndpointOptions> FinanceWebhooks { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The second approver's webhook, for approvals that waited too long.</summary>
    public RefundEndpointOptions? EscalationWebhook { get; set; }

    /// <summary>The payment system's refund endpoint (requests signed with its secret, Idempotency-Key per refund).</summary>
    public RefundEndpointOptions? Payment { get; set; }

    /// <summary>How many times, and from which delay (doubling), the payment is tried.</summary>
    public int PaymentAttempts { get; set; } = 8;

    public TimeSpan PaymentFirstRetry { get; set; } = TimeSpan.FromSeconds(5);

    public int NotificationAttempts { get; set; } = 5;

    public TimeSpan NotificationFirstRetry { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a refund still undecided after its escalation is looked at again.</summary>
    public TimeSpan RecheckEvery { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>A URL the app posts to, and the secret its requests are signed with (X-Marketplace-Signature).</summary>
public sealed class RefundEndpointOptions
{
    public Uri? Url { get; set; }

    public string? Secret { get; set; }
}
