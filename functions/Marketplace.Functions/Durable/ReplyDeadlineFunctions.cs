using Marketplace.Workflows.ReplyDeadlines;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace Marketplace.Functions.Durable;

/// <summary>
/// The reply-deadline workflow as Durable functions: one-line wrappers over the classes written against
/// Microsoft.DurableTask, named as the orchestrator calls them (class names). The self-host registers the classes
/// themselves with the engine; a test checks both name the same set.
/// </summary>
internal static class ReplyDeadlineOrchestratorFunction
{
    [Function(nameof(ReplyDeadlineOrchestrator))]
    public static Task<ReplyDeadlineOutcome> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new ReplyDeadlineOrchestrator().RunAsync(context, context.GetInput<ReplyDeadlineInput>()!);
}

/// <summary>Records a deadline's state change (opened, reminded, closed) in the deadline table.</summary>
internal sealed class RecordDeadlineFunction(RecordDeadlineActivity activity)
{
    [Function(nameof(RecordDeadlineActivity))]
    public Task<bool> RunAsync([ActivityTrigger] DeadlineUpdate input, string instanceId) =>
        activity.RunAsync(new FunctionActivityContext(nameof(RecordDeadlineActivity), instanceId), input);
}

/// <summary>Looks in the conversation for a reply whose event was lost.</summary>
internal sealed class CheckReplyFunction(CheckReplyActivity activity)
{
    [Function(nameof(CheckReplyActivity))]
    public Task<DeadlineResolution?> RunAsync([ActivityTrigger] ReplyCheck input, string instanceId) =>
        activity.RunAsync(new FunctionActivityContext(nameof(CheckReplyActivity), instanceId), input);
}

/// <summary>Sends the seller's system a signed reminder or breach webhook.</summary>
internal sealed class NotifySellerFunction(NotifySellerActivity activity)
{
    [Function(nameof(NotifySellerActivity))]
    public Task<NotificationResult> RunAsync([ActivityTrigger] SellerNotification input, string instanceId) =>
        activity.RunAsync(new FunctionActivityContext(nameof(NotifySellerActivity), instanceId), input);
}
