using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Marketplace.Domain.Refunds;

namespace Marketplace.Storage.Refunds;

/// <summary>A refund's row in its own partition (row key "refund").</summary>
internal sealed class RefundEntity : ITableEntity
{
    public const string Row = "refund";

    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = Row;
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string ClaimId { get; set; } = "";
    public string Marketplace { get; set; } = "";
    public string OrderId { get; set; } = "";
    public string BuyerId { get; set; } = "";
    public string SellerId { get; set; } = "";
    public string Amount { get; set; } = "0";
    public string Currency { get; set; } = "";
    public string Reason { get; set; } = "";
    public string AgreedBy { get; set; } = "";
    public string? DecisionReason { get; set; }
    public int RequiredApprovals { get; set; }
    public DateTimeOffset RequestedAt { get; set; }
    public string State { get; set; } = "";

    /// <summary>The approvers as a JSON array of strings (at most two).</summary>
    public string Approvers { get; set; } = "[]";
    public string? RejectedBy { get; set; }
    public string? RejectionReason { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public DateTimeOffset? PaidAt { get; set; }
    public string? PaymentReference { get; set; }
    public DateTimeOffset? EscalatedAt { get; set; }
    public DateTimeOffset? AwaitsReturnUntil { get; set; }

    public static RefundEntity From(Refund r) => new()
    {
        PartitionKey = r.Id,
        ClaimId = r.ClaimId,
        Marketplace = r.Marketplace,
        OrderId = r.OrderId,
        BuyerId = r.BuyerId,
        SellerId = r.SellerId,
        Amount = r.Amount.ToString(CultureInfo.InvariantCulture),
        Currency = r.Currency,
        Reason = r.Reason,
        AgreedBy = r.AgreedBy,
        DecisionReason = r.DecisionReason,
        RequiredApprovals = r.RequiredApprovals,
        RequestedAt = r.RequestedAt,
        State = r.State.ToString(),
        Approvers = JsonSerializer.Serialize(r.Approvers, StorageJsonContext.Default.IReadOnlyListString),
        RejectedBy = r.RejectedBy,
        RejectionReason = r.RejectionReason,
        DecidedAt = r.DecidedAt,
        PaidAt = r.PaidAt,
        PaymentReference = r.PaymentReference,
        EscalatedAt = r.EscalatedAt,
        AwaitsReturnUntil = r.AwaitsReturnUntil,
    };

    public Refund ToRefund() => new(
        PartitionKey, ClaimId, Marketplace, OrderId, BuyerId, SellerId, decimal.Parse(Amount, CultureInfo.InvariantCulture), Currency, Reason,
        AgreedBy, DecisionReason, RequiredApprovals, RequestedAt)
    {
        State = Enum.Parse<RefundState>(State),
        Approvers = JsonSerializer.Deserialize(Approvers, StorageJsonContext.Default.IReadOnlyListString) ?? [],
        RejectedBy = RejectedBy,
        RejectionReason = RejectionReason,
        DecidedAt = DecidedAt,
        PaidAt = PaidAt,
        PaymentReference = PaymentReference,
        EscalatedAt = EscalatedAt,
        AwaitsReturnUntil = AwaitsReturnUntil,
    };
}
