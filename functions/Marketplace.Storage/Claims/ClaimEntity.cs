using Azure;
using Azure.Data.Tables;
using Marketplace.Domain.Claims;

namespace Marketplace.Storage.Claims;

/// <summary>A claim's row in its own partition (row key "claim"), beside its timeline rows.</summary>
internal sealed class ClaimEntity : ITableEntity
{
    public const string Row = "claim";

    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = Row;
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Marketplace { get; set; } = "";
    public string OrderId { get; set; } = "";
    public string BuyerId { get; set; } = "";
    public string SellerId { get; set; } = "";
    public string Reason { get; set; } = "";
    public string Desired { get; set; } = "";
    public string? Description { get; set; }
    public string OrderTotal { get; set; } = "0";
    public string Currency { get; set; } = "";
    public string State { get; set; } = "";
    public DateTimeOffset OpenedAt { get; set; }
    public DateTimeOffset DueAt { get; set; }
    public string? OfferedAmount { get; set; }
    public string? RefundAmount { get; set; }
    public string? ClosedBy { get; set; }
    public string? DecisionReason { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public DateTimeOffset? EscalatedAt { get; set; }
    public DateTimeOffset? SellerRespondedAt { get; set; }

    /// <summary>How many transitions the timeline holds (the next one's number).</summary>
    public int Version { get; set; }

    public static ClaimEntity From(Claim c, int version, string? description) => new()
    {
        PartitionKey = c.Id,
        Marketplace = c.Marketplace,
        OrderId = c.OrderId,
        BuyerId = c.BuyerId,
        SellerId = c.SellerId,
        Reason = c.Reason.ToString(),
        Desired = c.Desired.ToString(),
        Description = description,
        OrderTotal = Money(c.OrderTotal)!,
        Currency = c.Currency,
        State = c.State.ToString(),
        OpenedAt = c.OpenedAt,
        DueAt = c.DueAt,
        OfferedAmount = Money(c.OfferedAmount),
        RefundAmount = Money(c.RefundAmount),
        ClosedBy = c.ClosedBy?.ToString(),
        DecisionReason = c.DecisionReason,
        ClosedAt = c.ClosedAt,
        EscalatedAt = c.EscalatedAt,
        SellerRespondedAt = c.SellerRespondedAt,
        Version = version,
    };

    public Claim ToClaim() => new(
        PartitionKey, Marketplace, OrderId, BuyerId, SellerId, Enum.Parse<ClaimReason>(Reason), Enum.Parse<DesiredResolution>(Desired),
        decimal.Parse(OrderTotal, System.Globalization.CultureInfo.InvariantCulture), Currency, Enum.Parse<ClaimState>(State), OpenedAt, DueAt)
    {
        OfferedAmount = Amount(OfferedAmount),
        RefundAmount = Amount(RefundAmount),
        ClosedBy = ClosedBy is null ? null : Enum.Parse<ClaimActor>(ClosedBy),
        DecisionReason = DecisionReason,
        ClosedAt = ClosedAt,
        EscalatedAt = EscalatedAt,
        SellerRespondedAt = SellerRespondedAt,
    };

    // Money as invariant text: Table Storage has no decimal type, and a double would not keep cents exact.
    private static string? Money(decimal? amount) => amount?.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static decimal? Amount(string? text) => text is null ? null : decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
}
