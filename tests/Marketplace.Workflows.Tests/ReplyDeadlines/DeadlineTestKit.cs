using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Marketplace.Domain.Deadlines;
using Marketplace.Domain.Webhooks;
using Marketplace.Workflows.ReplyDeadlines;

namespace Marketplace.Workflows.Tests.ReplyDeadlines;

/// <summary>
/// Records every deadline update in memory, in order, with the time it was written by the host's clock (the Azure
/// Tables store has its own tests).
/// </summary>
internal sealed class RecordingDeadlineRecords : IDeadlineRecords
{
    private readonly ConcurrentQueue<(DeadlineUpdate Update, DateTimeOffset WrittenAt)> _written = new();

    /// <summary>The clock that stamps each write: the host's virtual clock (<see cref="ReplyDeadlineHost"/> sets it).</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    public IReadOnlyList<DeadlineUpdate> Updates => [.. _written.Select(w => w.Update)];

    /// <summary>Each update with the moment it was written, which for a timer's update must not precede the timer.</summary>
    public IReadOnlyList<(DeadlineUpdate Update, DateTimeOffset WrittenAt)> Written => [.. _written];

    public IReadOnlyList<DeadlineUpdateKind> Kinds => [.. Updates.Select(u => u.Kind)];

    /// <summary>
    /// The deadlines as the metrics read them, folded from the updates the way the Azure Tables store merges them
    /// (one row per conversation and first unanswered message; repeated updates change nothing).
    /// </summary>
    public IReadOnlyList<DeadlineRecord> Records() =>
    [
        .. Updates.GroupBy(u => (u.Deadline.ConversationId, u.Deadline.FirstUnansweredAt)).Select(g => new DeadlineRecord(
            g.Key.ConversationId, g.First().Deadline.ClockStartsAt, g.First().Deadline.DueAt,
            g.LastOrDefault(u => u.Kind == DeadlineUpdateKind.Answered)?.RepliedAt,
            g.Any(u => u.Kind == DeadlineUpdateKind.NoResponseNeeded))),
    ];

    public Task ApplyAsync(DeadlineUpdate update, CancellationToken cancellationToken)
    {
        _written.Enqueue((update, Clock.GetUtcNow()));
        return Task.CompletedTask;
    }
}

/// <summary>What the conversation says about the wait; the tests set it to simulate a reply whose event was lost.</summary>
internal sealed class SettableConversationReplies : IConversationReplies
{
    public DeadlineResolution? Resolution { get; set; }

    public int Checks { get; private set; }

    public Task<DeadlineResolution?> FindResolutionAsync(string conversationId, DateTimeOffset firstUnansweredAt, CancellationToken cancellationToken)
    {
        Checks++;
        return Task.FromResult(Resolution);
    }
}

/// <summary>One seller with a webhook at a fixed URL and secret.</summary>
internal sealed class FixedSellerWebhooks(SellerWebhookEndpoint? endpoint) : ISellerWebhooks
{
    public Task<SellerWebhookEndpoint?> GetAsync(string marketplace, string sellerId, CancellationToken cancellationToken) =>
        Task.FromResult(endpoint);
}

/// <summary>
/// The seller's endpoint as an HTTP handler: checks each delivery's signature against the secret, records it,
/// and answers with the status the test sets.
/// </summary>
internal sealed class SellerEndpointHandler(string secret, TimeProvider time) : HttpMessageHandler
{
    public ConcurrentQueue<(string Body, string? IdempotencyKey, SignatureCheck Signature)> Deliveries { get; } = new();

    public HttpStatusCode Answer { get; set; } = HttpStatusCode.OK;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = await request.Content!.ReadAsByteArrayAsync(cancellationToken);
        var signature = WebhookSignature.Verify(
            request.Headers.GetValues(WebhookSignature.HeaderName).Single(), body, secret, time.GetUtcNow(), WebhookSignature.DefaultTolerance);
        Deliveries.Enqueue((System.Text.Encoding.UTF8.GetString(body), request.Headers.GetValues("Idempotency-Key").SingleOrDefault(), signature));
        return new HttpResponseMessage(Answer);
    }
}

/// <summary>The reply-deadline workflow on a virtual-time host, with recording and settable collaborators.</summary>
internal static class ReplyDeadlineHost
{
    public static WorkflowHost Create(RecordingDeadlineRecords records, IConversationReplies conversation, string secret, bool withWebhook)
    {
        var host = new WorkflowHost(durable =>
        {
            durable.AddOrchestrator<ReplyDeadlineOrchestrator>();
            durable.AddActivity<RecordDeadlineActivity>();
            durable.AddActivity<NotifySellerActivity>();
            durable.AddActivity<CheckReplyActivity>();
            durable.Services.AddSingleton<IDeadlineRecords>(records);
            durable.Services.AddSingleton(conversation);
            durable.Services.AddSingleton<ISellerWebhooks>(new FixedSellerWebhooks(
                withWebhook ? new SellerWebhookEndpoint(new Uri("https://seller.example/hooks"), secret) : null));
            durable.Services.AddSingleton(sp => new SellerEndpointHandler(secret, sp.GetRequiredService<TimeProvider>()));
            durable.Services.AddTransient(sp => new HttpClient(sp.GetRequiredService<SellerEndpointHandler>(), disposeHandler: false));
        });
        records.Clock = host.Services.GetRequiredService<TimeProvider>();
        return host;
    }
}
