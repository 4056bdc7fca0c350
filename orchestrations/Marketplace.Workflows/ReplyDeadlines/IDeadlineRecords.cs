namespace Marketplace.Workflows.ReplyDeadlines;

/// <summary>Where deadline records live (open deadlines, metrics). Applying the same update twice changes nothing.</summary>
public interface IDeadlineRecords
{
    Task ApplyAsync(DeadlineUpdate update, CancellationToken cancellationToken);
}
