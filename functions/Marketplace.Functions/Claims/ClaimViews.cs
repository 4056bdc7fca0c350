using Marketplace.Domain.Claims;
using Marketplace.Domain.Conversations;
using Marketplace.Storage.Claims;

namespace Marketplace.Functions.Claims;

/// <summary>A claim as its reader sees it, with the actions they may take now and until when.</summary>
public sealed record ClaimView(
    string Id, string Marketplace, string OrderId, string BuyerId, string SellerId, string Reason, string DesiredResolution,
    string? Description, decimal OrderTotal, string Currency, string State, bool IsFinal, DateTimeOffset OpenedAt, DateTimeOffset DueAt,
    decimal? OfferedAmount, decimal? RefundAmount, string? ClosedBy, string? DecisionReason, DateTimeOffset? ClosedAt,
    DateTimeOffset? EscalatedAt, string? ReputationImpact, string ConversationId, IReadOnlyList<AvailableActionView> AvailableActions)
{
    public static ClaimView From(StoredClaim stored, ClaimActor? reader, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var c = stored.Claim;
        return new ClaimView(
            c.Id, c.Marketplace, c.OrderId, c.BuyerId, c.SellerId, ClaimNames.Of(c.Reason), ClaimNames.Of(c.Desired), stored.Description,
            c.OrderTotal, c.Currency, ClaimStateMachine.Name(c.State), c.IsFinal, c.OpenedAt, c.DueAt, c.OfferedAmount, c.RefundAmount,
            c.ClosedBy is { } by ? ClaimStateMachine.Name(by) : null, c.DecisionReason, c.ClosedAt, c.EscalatedAt, ClaimImpact.For(c),
            stored.ConversationId,
            reader is { } actor
                ? [.. ClaimStateMachine.AvailableActions(c, actor, now).Select(a => new AvailableActionView(ClaimStateMachine.Name(a.Action), a.DueAt))]
                : []);
    }

}

/// <summary>An action the reader may take, and the time it must be taken by (null: no deadline).</summary>
public sealed record AvailableActionView(string Action, DateTimeOffset? DueAt);

/// <summary>A page of claims, newest first.</summary>
public sealed record ClaimPage(IReadOnlyList<ClaimView> Items, string? NextCursor);

/// <summary>One transition in a claim's history.</summary>
public sealed record ClaimTimelineView(
    int Sequence, string Action, string Actor, string ActorId, string From, string To, DateTimeOffset At, decimal? Amount, string? Reason);

/// <summary>A buyer opening a claim on their order.</summary>
/// <param name="Reason">not_received, not_as_described, damaged, wrong_item, missing_parts or changed_mind.</param>
/// <param name="DesiredResolution">refund, replacement or return.</param>
/// <param name="Description">What happened, in the buyer's words: the claim thread's first message (content policy applies).</param>
public sealed record OpenClaimRequest(string? OrderId, string? Reason, string? DesiredResolution, string? Description);

/// <summary>The amount (offers, mediators' partial refunds) or written reason (mediators' decisions) an action needs.</summary>
public sealed record ClaimActionRequest(decimal? Amount, string? Reason);

/// <summary>The claim state machine as published: every state (and whether it is final) and every legal transition.</summary>
public sealed record ClaimStatesView(IReadOnlyList<ClaimStateView> States, IReadOnlyList<ClaimTransitionView> Transitions);

public sealed record ClaimStateView(string State, bool IsFinal);

/// <summary>From a state, an action, who may take it, where it leads, and whether only before (or only after) the window's end.</summary>
public sealed record ClaimTransitionView(string From, string Action, IReadOnlyList<string> Actors, string To, string Until);

/// <summary>A seller's claims metrics, one entry per window (30, 60, 90 days).</summary>
public sealed record ClaimMetricsView(IReadOnlyList<ClaimMetricsWindow> Windows);

/// <summary>A file in a claim's evidence: which message of the thread carried it, who sent it, and where to download it.</summary>
public sealed record ClaimEvidenceView(
    string AttachmentId, string FileName, string ContentType, long SizeBytes, string? Sha256, long MessageId, string AuthorRole, string AuthorId,
    DateTimeOffset SentAt, string DownloadUrl)
{
    public static ClaimEvidenceView From(string threadId, Message message, MessageAttachment attachment)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(attachment);
        return new ClaimEvidenceView(
            attachment.Id, attachment.FileName, attachment.ContentType, attachment.SizeBytes, attachment.Sha256, message.Sequence,
            message.AuthorRole.ToString().ToLowerInvariant(), message.AuthorId, message.SentAt,
            attachment.ExternalUrl?.AbsoluteUri ?? $"/api/conversations/{Uri.EscapeDataString(threadId)}/attachments/{attachment.Id}");
    }
}
