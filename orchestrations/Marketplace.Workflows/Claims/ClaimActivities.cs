using System.Text.Json;
using Marketplace.Workflows.ReplyDeadlines;
using Microsoft.DurableTask;

namespace Marketplace.Workflows.Claims;

/// <summary>Whether the claim still waits for the seller (the window's reminders and expiry apply only then).</summary>
public sealed class ClaimAwaitingSellerActivity(IClaimWindow claims) : TaskActivity<string, bool>
{
    public override Task<bool> RunAsync(TaskActivityContext context, string input) => claims.IsAwaitingSellerAsync(input, CancellationToken.None);
}

/// <summary>Moves an unresolved claim to mediation at the end of its window (idempotent: a settled claim is left alone).</summary>
public sealed class ExpireClaimActivity(IClaimWindow claims) : TaskActivity<string, bool>
{
    public override Task<bool> RunAsync(TaskActivityContext context, string input) => claims.ExpireAsync(input, CancellationToken.None);
}

/// <summary>Sends the seller's system a signed "claim.reminder" webhook; false when the seller has none configured.</summary>
public sealed class NotifyClaimSellerActivity(HttpClient http, ISellerWebhooks webhooks, TimeProvider time) : TaskActivity<ClaimReminder, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, ClaimReminder input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var window = input.Window;
        if (await webhooks.GetAsync(window.Marketplace, window.SellerId, CancellationToken.None).ConfigureAwait(false) is not { } endpoint)
        {
            return false;
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(
            new ClaimReminderBody("claim.reminder", input.IdempotencyKey, window.Marketplace, window.SellerId, window.ClaimId, window.DueAt, input.At),
            WorkflowsJsonContext.Default.ClaimReminderBody);
        await SignedWebhookSender.SendAsync(http, endpoint, body, input.IdempotencyKey, time.GetUtcNow()).ConfigureAwait(false);
        return true;
    }
}
