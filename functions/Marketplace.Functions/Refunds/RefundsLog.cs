namespace Marketplace.Functions.Refunds;

/// <summary>Refunds: ids, amounts and outcomes only (never callback signatures or reasons' text).</summary>
internal static partial class RefundsLog
{
    [LoggerMessage(9101, LogLevel.Information, "Refund {RefundId} for claim {ClaimId} started: {Amount} {Currency}, {RequiredApprovals} approval(s) needed")]
    public static partial void Started(ILogger logger, string refundId, string claimId, decimal amount, string currency, int requiredApprovals);

    [LoggerMessage(9102, LogLevel.Information, "Refund {RefundId}: {Decision} by {ApproverId} recorded; now {State}")]
    public static partial void Decided(ILogger logger, string refundId, string decision, string approverId, string state);

    [LoggerMessage(9103, LogLevel.Information, "Refund {RefundId}: {Decision} by {ApproverId} repeated; answered as it stands ({State})")]
    public static partial void Repeated(ILogger logger, string refundId, string decision, string approverId, string state);

    [LoggerMessage(9104, LogLevel.Warning, "Refund callback for {RefundId} ({Action}) refused: {Check}")]
    public static partial void CallbackRefused(ILogger logger, string refundId, string action, string check);
}
