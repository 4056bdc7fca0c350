using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Marketplace.Domain.Deadlines;
using Marketplace.Domain.Webhooks;
using Marketplace.Workflows.ReplyDeadlines;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;

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

/// <summary>The reply-deadline workflow on an in-process host, with recording and settable collaborators.</summary>
internal static class ReplyDeadlineHost
{
    public const string Secret = "seller-webhook-secret-0123456789";

    private static readonly Lazy<Task> s_warmUp = new(WarmUpAsync);

    /// <summary>Starts a host (after the process's warm-up): its activities use the given collaborators.</summary>
    public static async Task<WorkflowHost> StartAsync(
        RecordingDeadlineRecords records, IConversationReplies conversation, ISellerWebhooks webhooks, SellerEndpointHandler seller)
    {
        await s_warmUp.Value;
        return await StartHostAsync(records, conversation, webhooks, seller);
    }

    private static Task<WorkflowHost> StartHostAsync(
        RecordingDeadlineRecords records, IConversationReplies conversation, ISellerWebhooks webhooks, SellerEndpointHandler seller) =>
        WorkflowHost.StartAsync(
            tasks =>
            {
                tasks.AddOrchestrator<ReplyDeadlineOrchestrator>();
                tasks.AddActivity<RecordDeadlineActivity>();
                tasks.AddActivity<NotifySellerActivity>();
                tasks.AddActivity<CheckReplyActivity>();
            },
            services =>
            {
                services.AddSingleton<IDeadlineRecords>(records);
                services.AddSingleton(conversation);
                services.AddSingleton(webhooks);
                services.AddSingleton(TimeProvider.System);
                services.AddTransient(_ => new HttpClient(seller, disposeHandler: false));
            });

    // The process's first deadline spends seconds compiling (gRPC, the sidecar, the worker, the workflow) on a loaded
    // machine, and a scaled timeline that started meanwhile would be far behind: two deadlines (one given up, one
    // answered) run through every step once, before any test's time starts. One after the other: see WorkflowHost.
    private static async Task WarmUpAsync()
    {
        await using var host = await StartHostAsync(
            new RecordingDeadlineRecords(), new SettableConversationReplies(), new SettableSellerWebhooks(Secret), new SellerEndpointHandler(Secret));
        foreach (var answered in new[] { false, true })
        {
            var now = DateTimeOffset.UtcNow;
            var deadline = new ReplyDeadlineInput(
                "warm-up", "amazon", "s-1", now, now, now.AddMilliseconds(2), [now.AddMilliseconds(1)], now.AddMilliseconds(3));
            var id = ReplyDeadlineOrchestrator.InstanceIdFor(deadline.ConversationId, now);
            await host.Client.ScheduleNewOrchestrationInstanceAsync(
                nameof(ReplyDeadlineOrchestrator), deadline, new StartOrchestrationOptions { InstanceId = id });
            if (answered)
            {
                await host.Client.RaiseEventAsync(id, ReplyDeadlineOrchestrator.ResolvedEvent, new DeadlineResolution(DeadlineResolutionKind.Replied, now));
            }

            await host.WaitForCompletionAsync(id, TimeSpan.FromMinutes(1));
        }
    }
}

/// <summary>Checks that hold for every deadline, whatever happened to it.</summary>
internal static class DeadlineAssert
{
    /// <summary>
    /// Nothing was sent or recorded before its time, by the wall clock: each reminder at or after its instant, the
    /// breach (recorded at exactly the due time) and its webhook at or after the due time, giving up at or after its instant.
    /// </summary>
    public static void NothingBeforeItsTime(ReplyDeadlineInput input, IEnumerable<RecordedUpdate> updates, IEnumerable<Delivery> deliveries)
    {
        var reminders = 0;
        foreach (var (update, recordedAt) in updates.Where(u => IsFor(input, u.Update.Deadline)))
        {
            switch (update.Kind)
            {
                case DeadlineUpdateKind.NotificationSent or DeadlineUpdateKind.NotificationFailed:
                    var dueAt = update.Detail!.StartsWith(nameof(SellerNotificationKind.Reminder), StringComparison.Ordinal)
                        ? input.RemindAt[reminders++] : input.DueAt;
                    Assert.InRange(update.At, dueAt, DateTimeOffset.MaxValue);
                    Assert.InRange(recordedAt, dueAt, DateTimeOffset.MaxValue);
                    break;
                case DeadlineUpdateKind.Breached:
                    Assert.Equal(input.DueAt, update.At);
                    Assert.InRange(recordedAt, input.DueAt, DateTimeOffset.MaxValue);
                    break;
                case DeadlineUpdateKind.GaveUp:
                    Assert.Equal(input.GiveUpAt, update.At);
                    Assert.InRange(recordedAt, input.GiveUpAt, DateTimeOffset.MaxValue);
                    break;
            }
        }

        // Retries of one notification share its idempotency key: the n-th key of reminders is the n-th reminder.
        var mine = deliveries.Where(d => d.Body.ConversationId == input.ConversationId && d.Body.FirstUnansweredAt == input.FirstUnansweredAt).ToList();
        var reminderKeys = mine.Where(d => d.Body.Type == "reply_deadline.reminder").Select(d => d.IdempotencyKey).Distinct().ToList();
        foreach (var delivery in mine)
        {
            Assert.Equal(delivery.Body.Id, delivery.IdempotencyKey);
            Assert.Equal(input.DueAt, delivery.Body.DueAt);
            var dueAt = delivery.Body.Type == "reply_deadline.reminder" ? input.RemindAt[reminderKeys.IndexOf(delivery.IdempotencyKey)] : input.DueAt;
            Assert.InRange(delivery.Body.SentAt, dueAt, DateTimeOffset.MaxValue);
            Assert.InRange(delivery.ReceivedAt, dueAt, DateTimeOffset.MaxValue);
        }
    }

    // The deadline as the activities received it is a copy (its reminder list is another instance): compare its identity.
    private static bool IsFor(ReplyDeadlineInput input, ReplyDeadlineInput deadline) =>
        deadline.ConversationId == input.ConversationId && deadline.FirstUnansweredAt == input.FirstUnansweredAt;
}
