using Marketplace.Domain.Conversations;
using Marketplace.Domain.Events;
using Marketplace.Domain.Profiles;
using Marketplace.Storage;
using Marketplace.Workflows.ReplyDeadlines;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Marketplace.Functions.Deadlines;

/// <summary>
/// Starts and ends reply-deadline orchestrations as messages are delivered. A buyer message that makes the
/// conversation wait for the seller starts one (instance id: conversation + first unanswered message, so a
/// retry is a no-op); the seller's delivered reply, or "no response needed", raises its event. The client is the calling
/// function's (<c>[DurableClient]</c>): in Azure it exists only as a function's binding.
/// A claim's thread has no reply deadline: the claim's resolution window is the seller's deadline there, with its own
/// reminders, and a second clock would remind the seller twice and count one late answer in two metrics.
/// </summary>
internal sealed class ReplyDeadlineStarter(MarketplaceProfiles profiles, PartySettingsStore settings)
{
    /// <summary>Call after a message became visible to its recipient (delivered now, or approved later).</summary>
    public async Task OnDeliveredAsync(DurableTaskClient client, Conversation before, Conversation after, Message message, CancellationToken cancellationToken)
    {
        var was = before.Summary;
        var now = after.Summary;
        if (after.Kind == ConversationKind.Claim)
        {
            return;
        }

        if (message.AuthorRole == PartyRole.Buyer && now.AwaitingReplyFrom == PartyRole.Seller && now.AwaitingReplySince is { } since
            && was.AwaitingReplyFrom != PartyRole.Seller)
        {
            await StartAsync(client, after, since, cancellationToken).ConfigureAwait(false);
        }
        else if (message.AuthorRole == PartyRole.Seller && was.AwaitingReplyFrom == PartyRole.Seller && was.AwaitingReplySince is { } waitedSince)
        {
            await ResolveAsync(client, after.Id, waitedSince, new DeadlineResolution(DeadlineResolutionKind.Replied, message.SentAt), cancellationToken)
                .ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Idempotent repair, from the conversation's current state alone: if it waits for the seller, its
    /// deadline exists. Run on a redelivered or retried message, whose first attempt may have committed the
    /// message and then failed before starting the deadline.
    /// </summary>
    public async Task EnsureStartedAsync(DurableTaskClient client, Conversation current, CancellationToken cancellationToken)
    {
        // An instance that exists in any state (even one that gave up long ago) is left alone: only a missing one is started.
        if (current.Kind != ConversationKind.Claim && current.Summary.AwaitingReplyFrom == PartyRole.Seller && current.Summary.AwaitingReplySince is { } since
            && await client.GetInstanceAsync(ReplyDeadlineOrchestrator.InstanceIdFor(current.Id, since), cancellationToken).ConfigureAwait(false) is null)
        {
            await StartAsync(client, current, since, cancellationToken).ConfigureAwait(false);
        }
    }

    public static Task ResolveAsync(DurableTaskClient client, string conversationId, DateTimeOffset firstUnansweredAt, DeadlineResolution resolution, CancellationToken cancellationToken) =>
        client.RaiseEventAsync(
            ReplyDeadlineOrchestrator.InstanceIdFor(conversationId, firstUnansweredAt), ReplyDeadlineOrchestrator.ResolvedEvent, resolution, cancellationToken);

    private async Task StartAsync(DurableTaskClient client, Conversation conversation, DateTimeOffset firstUnansweredAt, CancellationToken cancellationToken)
    {
        var profile = profiles.Get(conversation.Marketplace).ReplyDeadline;
        var vacations = await settings.ListVacationsAsync(conversation.Marketplace, conversation.SellerId, cancellationToken).ConfigureAwait(false);
        var input = ReplyDeadlinePlan.For(
            conversation.Id, conversation.Marketplace, conversation.SellerId, firstUnansweredAt, conversation.OrderPlacedAt,
            vacations.Select(v => v.Period), profile);
        var instanceId = ReplyDeadlineOrchestrator.InstanceIdFor(conversation.Id, firstUnansweredAt);
        try
        {
            // An instance in any state is never replaced: a deadline that ended stays ended.
            await client.ScheduleNewOrchestrationInstanceAsync(
                nameof(ReplyDeadlineOrchestrator), input,
                new StartOrchestrationOptions { InstanceId = instanceId }.WithDedupeStatuses([.. StartOrchestrationOptionsExtensions.ValidDedupeStatuses]),
                cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // Each host reports "already exists" its own way: what matters is whether it exists (an earlier delivery of
            // the same message started it); if not, the failure is real.
            if (await client.GetInstanceAsync(instanceId, cancellationToken).ConfigureAwait(false) is null)
            {
                throw;
            }
        }
    }
}
