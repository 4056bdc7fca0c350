using System.Text.Json;
using Microsoft.DurableTask;

namespace Marketplace.Workflows.ReplyDeadlines;

/// <summary>
/// Sends the seller's system a signed webhook (HMAC-SHA256 over timestamp and body, as incoming webhooks
/// are signed). A non-2xx answer (a 3xx included: redirects are not followed) throws, so the orchestration retries it
/// with backoff. The idempotency key (the orchestration's instance, the notification's kind and time: the same on every
/// retry and replay) lets the receiver drop a delivery it already handled.
/// </summary>
public sealed class NotifySellerActivity(HttpClient http, ISellerWebhooks webhooks, TimeProvider time)
    : TaskActivity<SellerNotification, NotificationResult>
{
    public override async Task<NotificationResult> RunAsync(TaskActivityContext context, SellerNotification input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var deadline = input.Deadline;
        var endpoint = await webhooks.GetAsync(deadline.Marketplace, deadline.SellerId, CancellationToken.None).ConfigureAwait(false);
        if (endpoint is null)
        {
            return NotificationResult.NotConfigured;
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(new SellerWebhookBody(
            input.Kind == SellerNotificationKind.Reminder ? "reply_deadline.reminder" : "reply_deadline.breached",
            input.IdempotencyKey, deadline.Marketplace, deadline.SellerId, deadline.ConversationId,
            deadline.FirstUnansweredAt, deadline.DueAt, input.At), WorkflowsJsonContext.Default.SellerWebhookBody);
        await SignedWebhookSender.SendAsync(http, endpoint, body, input.IdempotencyKey, time.GetUtcNow()).ConfigureAwait(false);
        return NotificationResult.Delivered;
    }
}

/// <summary>Whether the notification went out.</summary>
public enum NotificationResult
{
    Delivered,
    NotConfigured,
}

/// <summary>The JSON a seller's system receives.</summary>
public sealed record SellerWebhookBody(
    string Type, string Id, string Marketplace, string SellerId, string ConversationId,
    DateTimeOffset FirstUnansweredAt, DateTimeOffset DueAt, DateTimeOffset SentAt);
