using Microsoft.DurableTask;

namespace Marketplace.Workflows.ReplyDeadlines;

/// <summary>
/// Looks at the conversation before a reminder or a breach: the "resolved" event is raised after the reply is
/// committed, so a crash in between would otherwise leave a replied conversation counted as late.
/// </summary>
public sealed class CheckReplyActivity(IConversationReplies replies) : TaskActivity<ReplyCheck, DeadlineResolution?>
{
    public override Task<DeadlineResolution?> RunAsync(TaskActivityContext context, ReplyCheck input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        return replies.FindResolutionAsync(input.ConversationId, input.FirstUnansweredAt, CancellationToken.None);
    }
}

/// <summary>Which wait to check: the conversation and the instant its first unanswered buyer message arrived.</summary>
public sealed record ReplyCheck(string ConversationId, DateTimeOffset FirstUnansweredAt);
