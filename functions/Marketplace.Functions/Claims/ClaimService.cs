using Marketplace.Domain.Claims;
using Marketplace.Domain.Conversations;
using Marketplace.Domain.Events;
using Marketplace.Domain.Profiles;
using Marketplace.Domain.Templates;
using Marketplace.Functions.EventsOut;
using Marketplace.Functions.Messaging.Events;
using Marketplace.Functions.Refunds;
using Marketplace.Functions.Returns;
using Marketplace.Functions.Security;
using Marketplace.Storage;
using Marketplace.Storage.Claims;
using Marketplace.Workflows.Claims;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Marketplace.Functions.Claims;

/// <summary>
/// Opening and acting on claims. Opening: the order's buyer, on an order whose total the marketplace sent (the ceiling of
/// any refund); at most one open claim per order and reason group; the claim's own thread, whose first message is the
/// buyer's description (through the content policy); and its window workflow. Acting: the state machine decides, the
/// store records it with the timeline, a claim that leaves the window's states ends its workflow's wait, and a resolution
/// with a refund starts the refund's workflow (finance's approval, then the payment).
/// </summary>
internal sealed class ClaimService(
    ClaimStore claims, ClaimAccess access, ConversationStore conversations, ConversationEvents events, MarketplaceProfiles profiles,
    RefundService refunds, ReturnLabels labels, MarketplaceEventOutbox outbox, ConversationChecks checks, TimeProvider time,
    Templates.AutomationTriggers automations)
{
    /// <summary>A buyer opens a claim through the API (a new claim id each time: a second open on the order is refused).</summary>
    public Task<(StoredClaim Claim, bool Created)> OpenAsync(
        Caller buyer, string orderId, ClaimReason reason, DesiredResolution desired, string? description, DurableTaskClient durable,
        CancellationToken cancellationToken) =>
        OpenOnOrderAsync(
            buyer.Marketplace!, buyer.PartyId, orderId, "cl-" + Guid.NewGuid().ToString("N"), reason, desired, description, null,
            time.GetUtcNow(), buyer.PartyId, durable, cancellationToken);

    /// <summary>
    /// The marketplace opened the claim (claim.opened). Its id comes from the marketplace's, so a redelivery, or the retry
    /// of a delivery that stopped half-way, finishes the same claim instead of opening a second. An order we do not have
    /// yet (its order.created still queued) throws, so the queue retries it.
    /// </summary>
    public Task<(StoredClaim Claim, bool Created)> OpenFromMarketplaceAsync(ClaimOpened opened, DurableTaskClient durable, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(opened);
        return OpenOnOrderAsync(
            opened.Marketplace, opened.BuyerId, opened.OrderId, MarketplaceClaimId(opened.Marketplace, opened.ClaimId), opened.Reason, opened.Desired,
            opened.Description, opened.Total, opened.OpenedAt, "marketplace", durable, cancellationToken);
    }

    /// <summary>Our id for a marketplace's claim id: deterministic, and within our identifier rules whatever theirs is.</summary>
    public static string MarketplaceClaimId(string marketplace, string claimId) =>
        "mk-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{marketplace}\n{claimId}")))[..32];

    private async Task<(StoredClaim Claim, bool Created)> OpenOnOrderAsync(
        string marketplace, string buyerId, string orderId, string claimId, ClaimReason reason, DesiredResolution desired, string? description,
        OrderTotal? eventTotal, DateTimeOffset openedAt, string actorId, DurableTaskClient durable, CancellationToken cancellationToken)
    {
        var order = await conversations.GetAsync(Identifiers.OrderConversationId(marketplace, orderId), cancellationToken).ConfigureAwait(false);
        if (order is null || order.BuyerId != buyerId)
        {
            throw new MessagingException(MessagingError.NotFound, "order_not_found", $"Buyer '{buyerId}' has no order '{orderId}' on {marketplace}.");
        }

        var total = eventTotal ?? order.Total ?? throw new MessagingException(MessagingError.Conflict, "order_total_unknown",
            $"The marketplace did not send order '{orderId}''s total (order.created \"total\"), so no refund could be bounded. Ask {marketplace} to open the claim with its total.");
        var window = profiles.Get(marketplace).Claims;
        var claim = new Claim(
            claimId, marketplace, orderId, buyerId, order.SellerId, reason, desired, total.Amount, total.Currency,
            ClaimState.Opened, openedAt, openedAt + window.ResolutionWindow);
        // The marketplace hears of the claim (its timeline is the claim's outbox) even if this process stops right after the commit.
        var stream = EventStreamName.Claim(claimId);
        await outbox.ScheduleRepairAsync(marketplace, stream, cancellationToken).ConfigureAwait(false);
        var (stored, created) = await claims.OpenAsync(claim, description, actorId, cancellationToken).ConfigureAwait(false);
        await outbox.DeliverAsync(marketplace, EventStreamName.Claim(stored.Claim.Id), cancellationToken).ConfigureAwait(false);
        if (stored.Claim.Id == claim.Id)
        {
            // Also when it already existed under this id: an earlier attempt may have stopped before its thread.
            await StartThreadAsync(stored, order, description, durable, cancellationToken).ConfigureAwait(false);
        }

        // Also for a claim already open: an earlier attempt may have stopped before starting its workflow.
        await EnsureWindowAsync(stored.Claim, window, durable, cancellationToken).ConfigureAwait(false);
        if (stored.Claim.Id == claim.Id)
        {
            // The seller's claim_opened automations, whoever opened it (the buyer here, or the marketplace's claim.opened);
            // starting is idempotent, so a retried open starts nothing twice.
            await automations.OnEventAsync(durable, order, AutomationEvents.ClaimOpened, stored.Claim.OpenedAt, cancellationToken).ConfigureAwait(false);
        }

        return (stored, created);
    }

    /// <returns>The claim after the action, and who the caller acted as (their available actions are read from it).</returns>
    public async Task<(StoredClaim Claim, ClaimActor Actor)> ActAsync(
        Caller caller, string claimId, ClaimAction action, ClaimActionRequest? body, DurableTaskClient durable, CancellationToken cancellationToken)
    {
        var (current, actor) = await access.ReadAsync(caller, claimId, "act_on_claim", cancellationToken).ConfigureAwait(false);
        if (actor is not { } acting)
        {
            throw new MessagingException(MessagingError.Forbidden, "claim_read_only",
                "A marketplace's backend reads its claims; the buyer and seller act on them, and mediators (admins) decide escalated ones.");
        }

        // What follows the commit (the label, the refund, the marketplace's event) survives a process that dies right after
        // it: a delayed check of the claim's thread redoes it from the claim as it is (RepairAsync), and a delayed delivery
        // sends the event.
        var stream = EventStreamName.Claim(claimId);
        await checks.ScheduleAsync(ClaimStore.ConversationIdOf(claimId), cancellationToken).ConfigureAwait(false);
        await outbox.ScheduleRepairAsync(current.Claim.Marketplace, stream, cancellationToken).ConfigureAwait(false);
        var after = await claims.ActAsync(claimId, new ClaimRequest(action, acting, time.GetUtcNow(), body?.Amount, body?.Reason), caller.PartyId, cancellationToken)
            .ConfigureAwait(false);
        await outbox.DeliverAsync(after.Claim.Marketplace, stream, cancellationToken).ConfigureAwait(false);
        if (!ClaimStateMachine.AwaitsSeller(after.Claim.State))
        {
            try
            {
                await durable.RaiseEventAsync(ClaimWindowOrchestrator.InstanceIdFor(claimId), ClaimWindowOrchestrator.SettledEvent, true, cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (InvalidOperationException)
            {
                // Its window already ended (or never started): nothing waits for the event. The workflow also checks the
                // claim itself before each reminder and at expiry, so a lost event changes nothing.
            }
        }

        if (ReturnLabels.Needed(after.Claim.State))
        {
            // The buyer's label, ready to download (made again on download if this step is interrupted).
            await labels.EnsureAsync(after.Claim, cancellationToken).ConfigureAwait(false);
        }

        // A resolution with a refund: finance approves it before it is paid (its own workflow).
        await refunds.StartForClaimAsync(after, durable, cancellationToken).ConfigureAwait(false);
        return (after, acting);
    }

    /// <summary>
    /// Redoes what follows an action's commit from the claim as it is now: its return label, and the refund its resolution owes
    /// (the refund of the transition that refunded it: a later timeline entry, such as a recorded payment, does not make a new
    /// one). Both steps are idempotent; run by the thread's delayed check.
    /// </summary>
    public async Task RepairAsync(string claimId, DurableTaskClient durable, CancellationToken cancellationToken)
    {
        if (await claims.GetAsync(claimId, cancellationToken).ConfigureAwait(false) is not { } stored)
        {
            return;
        }

        if (ReturnLabels.Needed(stored.Claim.State))
        {
            await labels.EnsureAsync(stored.Claim, cancellationToken).ConfigureAwait(false);
        }

        if (stored.Claim.State is ClaimState.RefundedInFull or ClaimState.RefundedInPart)
        {
            var timeline = await claims.TimelineAsync(claimId, cancellationToken).ConfigureAwait(false);
            if (timeline.LastOrDefault(e => e.To == stored.Claim.State && e.From != e.To) is { } refunding)
            {
                await refunds.StartForClaimAsync(stored with { Version = refunding.Sequence + 1 }, durable, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task StartThreadAsync(StoredClaim stored, Conversation order, string? description, DurableTaskClient durable, CancellationToken cancellationToken)
    {
        var claim = stored.Claim;
        var thread = new Conversation(
            stored.ConversationId, claim.Marketplace, ConversationKind.Claim, claim.OrderId, null, claim.BuyerId, claim.SellerId, order.BuyerLanguage,
            order.OrderStatus, claim.OpenedAt, order.OrderCompletedAt, order.Items, ConversationSummary.Empty)
        {
            OrderPlacedAt = order.OrderPlacedAt,
            Total = order.Total,
            BuyerName = order.BuyerName,
        };
        await conversations.TryCreateAsync(thread, cancellationToken).ConfigureAwait(false);
        if (!string.IsNullOrWhiteSpace(description))
        {
            var message = new NewMessage(PartyRole.Buyer, claim.BuyerId, description.Trim(), claim.OpenedAt, null, MessageSource.Api, null, [], []);
            await events.AppendAsync(durable, stored.ConversationId, message, Deduplication.ForIdempotencyKey(claim.BuyerId, "claim-opened~" + claim.Id),
                static _ => { }, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task EnsureWindowAsync(Claim claim, ClaimProfile window, DurableTaskClient durable, CancellationToken cancellationToken)
    {
        if (!ClaimStateMachine.AwaitsSeller(claim.State))
        {
            return;
        }

        var instanceId = ClaimWindowOrchestrator.InstanceIdFor(claim.Id);
        var input = new ClaimWindowInput(claim.Id, claim.Marketplace, claim.SellerId, claim.DueAt,
            [.. window.ReminderOffsets.Select(offset => claim.DueAt - offset).Where(t => t > claim.OpenedAt)]);
        try
        {
            await durable.ScheduleNewOrchestrationInstanceAsync(nameof(ClaimWindowOrchestrator), input,
                new StartOrchestrationOptions { InstanceId = instanceId }.WithDedupeStatuses([.. StartOrchestrationOptionsExtensions.ValidDedupeStatuses]),
                cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // Each host reports "already exists" its own way: what matters is whether it exists.
            if (await durable.GetInstanceAsync(instanceId, cancellationToken).ConfigureAwait(false) is null)
            {
                throw;
            }
        }
    }
}
