using Microsoft.DurableTask;

namespace Marketplace.Workflows.ReplyDeadlines;

/// <summary>Writes a change to the deadline's record (open, reminded, breached, answered…).</summary>
public sealed class RecordDeadlineActivity(IDeadlineRecords records) : TaskActivity<DeadlineUpdate, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, DeadlineUpdate input)
    {
        ArgumentNullException.ThrowIfNull(context);
        await records.ApplyAsync(input, CancellationToken.None).ConfigureAwait(false);
        return true;
    }
}
