using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Marketplace.Domain.Deadlines;
using Marketplace.Domain.Webhooks;
using Marketplace.Workflows.ReplyDeadlines;

namespace Marketplace.Workflows.Tests.ReplyDeadlines;

/// <summary>A deadline update as the store received it, and when on the wall clock.</summary>
internal sealed record RecordedUpdate(DeadlineUpdate Update, DateTimeOffset RecordedAt);

/// <summary>Records every deadline update in memory, in order (the Azure Tables store has its own tests).</summary>
internal sealed class RecordingDeadlineRecords : IDeadlineRecords
{
    private readonly ConcurrentQueue<RecordedUpdate> _updates = new();
    private readonly List<(Func<DeadlineUpdate, bool> Matches, TaskCompletionSource Recorded)> _waiters = [];

    /// <summary>
    /// Runs inside the record activity, before it completes: what a test does when an update is recorded (raise the
    /// reply, say) reaches the orchestration before the activity's result does, however loaded the machine is.
    /// </summary>
    public Func<DeadlineUpdate, Task>? OnApplied { get; set; }

    /// <summary>An update of this kind fails the first time it is applied, before anything is recorded (storage unavailable).</summary>
    public DeadlineUpdateKind? FailFirst { get; set; }

    public IReadOnlyList<RecordedUpdate> Updates => [.. _updates];

    public IReadOnlyList<DeadlineUpdateKind> Kinds(string? conversationId = null) =>
        [.. _updates.Where(u => conversationId is null || u.Update.Deadline.ConversationId == conversationId).Select(u => u.Update.Kind)];

    /// <summary>
    /// The deadlines as the metrics read them, folded from the updates the way the Azure Tables store merges them
    /// (one row per conversation and first unanswered message; repeated updates change nothing), each instant passed
    /// through <paramref name="instant"/>.
    /// </summary>
    public IReadOnlyList<DeadlineRecord> Records(Func<DateTimeOffset, DateTimeOffset> instant) =>
    [
        .. _updates.Select(u => u.Update).GroupBy(u => (u.Deadline.ConversationId, u.Deadline.FirstUnansweredAt)).Select(g => new DeadlineRecord(
            g.Key.ConversationId, instant(g.First().Deadline.ClockStartsAt), instant(g.First().Deadline.DueAt),
            g.LastOrDefault(u => u.Kind == DeadlineUpdateKind.Answered)?.RepliedAt is { } replied ? instant(replied) : null,
            g.Any(u => u.Kind == DeadlineUpdateKind.NoResponseNeeded))),
    ];

    /// <summary>Completes once an update that <paramref name="matches"/> has been recorded (at once if one has).</summary>
    public Task WaitForAsync(Func<DeadlineUpdate, bool> matches)
    {
        var recorded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waiters)
        {
            if (_updates.Any(u => matches(u.Update)))
            {
                return Task.CompletedTask;
            }

            _waiters.Add((matches, recorded));
        }

        return recorded.Task;
    }

    public async Task ApplyAsync(DeadlineUpdate update, CancellationToken cancellationToken)
    {
        lock (_waiters)
        {
            if (FailFirst == update.Kind)
            {
                FailFirst = null;
                throw new IOException("The deadlines table did not answer in time.");
            }

            _updates.Enqueue(new RecordedUpdate(update, DateTimeOffset.UtcNow));
            foreach (var waiter in _waiters.Where(w => w.Matches(update)).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Recorded.SetResult();
            }
        }

        if (OnApplied is { } onApplied)
        {
            await onApplied(update);
        }
    }
}

/// <summary>What the conversation says about the wait; the tests set it to simulate a reply whose event was lost.</summary>
internal sealed class SettableConversationReplies : IConversationReplies
{
    private DeadlineResolution? _resolution;
    private int _checks;

    public DeadlineResolution? Resolution
    {
        get => Volatile.Read(ref _resolution);
        set => Volatile.Write(ref _resolution, value);
    }

    public int Checks => Volatile.Read(ref _checks);

    public Task<DeadlineResolution?> FindResolutionAsync(string conversationId, DateTimeOffset firstUnansweredAt, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _checks);
        return Task.FromResult(Resolution);
    }
}

/// <summary>One seller, whose webhook (at a fixed URL) the test can remove.</summary>
internal sealed class SettableSellerWebhooks(string secret) : ISellerWebhooks
{
    private volatile SellerWebhookEndpoint? _endpoint = new(new Uri("https://seller.example/hooks"), secret);

    public bool Configured
    {
        set => _endpoint = value ? new SellerWebhookEndpoint(new Uri("https://seller.example/hooks"), secret) : null;
    }

    public Task<SellerWebhookEndpoint?> GetAsync(string marketplace, string sellerId, CancellationToken cancellationToken) =>
        Task.FromResult(_endpoint);
}

/// <summary>A webhook as the seller's endpoint received it, and when on the wall clock.</summary>
internal sealed record Delivery(SellerWebhookBody Body, string? IdempotencyKey, SignatureCheck Signature, DateTimeOffset ReceivedAt);

/// <summary>
/// The seller's endpoint as an HTTP handler: checks each delivery's signature against the secret, records it, and
/// answers with the status the test sets.
/// </summary>
internal sealed class SellerEndpointHandler(string secret) : HttpMessageHandler
{
    private readonly ConcurrentQueue<Delivery> _deliveries = new();
    private volatile int _answer = (int)HttpStatusCode.OK;

    public IReadOnlyList<Delivery> Deliveries => [.. _deliveries];

    public HttpStatusCode Answer
    {
        get => (HttpStatusCode)_answer;
        set => _answer = (int)value;
    }

    /// <summary>Runs before the endpoint answers: what the seller does on a webhook reaches the orchestration before the delivery's result.</summary>
    public Func<Delivery, Task>? OnDelivery { get; set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var receivedAt = DateTimeOffset.UtcNow;
        var body = await request.Content!.ReadAsByteArrayAsync(cancellationToken);
        var signature = WebhookSignature.Verify(
            request.Headers.GetValues(WebhookSignature.HeaderName).Single(), body, secret, receivedAt, WebhookSignature.DefaultTolerance);
        var delivery = new Delivery(
            JsonSerializer.Deserialize<SellerWebhookBody>(body, JsonSerializerOptions.Web)!,
            request.Headers.GetValues("Idempotency-Key").SingleOrDefault(), signature, receivedAt);
        _deliveries.Enqueue(delivery);
        if (OnDelivery is { } onDelivery)
        {
            await onDelivery(delivery);
        }

        return new HttpResponseMessage(Answer);
    }
}
