using Marketplace.Workflows.ReplyDeadlines;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Workflows.Tests.ReplyDeadlines;

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
