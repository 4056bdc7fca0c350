namespace Serverless.DurableTask.Tests.Conformance.Workflows;

// Feature slice: durable timers, external events and their races.

public sealed class LongTimerOrchestrator : TaskOrchestrator<int, DateTime>
{
    public override async Task<DateTime> RunAsync(TaskOrchestrationContext context, int days)
    {
        await context.CreateTimer(TimeSpan.FromDays(days), CancellationToken.None);
        return context.CurrentUtcDateTime;
    }
}

/// <summary>Waits an hour first, then for "approval": an event raised during the hour must be buffered.</summary>
public sealed class DelayedApprovalOrchestrator : TaskOrchestrator<string?, string>
{
    public override async Task<string> RunAsync(TaskOrchestrationContext context, string? input)
    {
        await context.CreateTimer(TimeSpan.FromHours(1), CancellationToken.None);
        var approval = await context.WaitForExternalEvent<ApprovalEvent>("approval");
        return approval.Approved ? $"approved by {approval.By}" : "rejected";
    }
}

public sealed record ApprovalEvent(bool Approved, string By);

/// <summary>The product's core pattern: reply event versus deadline timer, cancelling the timer when the reply wins.</summary>
public sealed class ReplyDeadlineOrchestrator : TaskOrchestrator<int, string>
{
    public override async Task<string> RunAsync(TaskOrchestrationContext context, int hours)
    {
        using var cts = new CancellationTokenSource();
        DateTime deadline = context.CurrentUtcDateTime.AddHours(hours);
        Task timer = context.CreateTimer(deadline, cts.Token);
        Task<string> reply = context.WaitForExternalEvent<string>("reply");
        Task winner = await Task.WhenAny(reply, timer);
        if (winner == reply)
        {
            // Cancel(), never CancelAsync(), in orchestrator code: CancelAsync runs callbacks on the thread pool.
            cts.Cancel();
            return $"replied:{reply.Result}:timerCancelled={timer.IsCanceled}";
        }

        return "deadline";
    }
}

public sealed class WaitWithTimeoutOrchestrator : TaskOrchestrator<string?, string>
{
    public override async Task<string> RunAsync(TaskOrchestrationContext context, string? input)
    {
        try
        {
            return await context.WaitForExternalEvent<string>("answer", TimeSpan.FromHours(2));
        }
        catch (TaskCanceledException)
        {
            return "timed out";
        }
    }
}

/// <summary>Counts "tick" events until none arrives for an hour.</summary>
public sealed class TickCounterOrchestrator : TaskOrchestrator<string?, int>
{
    public override async Task<int> RunAsync(TaskOrchestrationContext context, string? input)
    {
        int count = 0;
        while (true)
        {
            try
            {
                await context.WaitForExternalEvent<int>("tick", TimeSpan.FromHours(1));
                count++;
            }
            catch (TaskCanceledException)
            {
                return count;
            }
        }
    }
}

public sealed class CustomStatusOrchestrator : TaskOrchestrator<string?, string>
{
    public override async Task<string> RunAsync(TaskOrchestrationContext context, string? input)
    {
        context.SetCustomStatus(new StatusInfo("waiting", 1));
        string value = await context.WaitForExternalEvent<string>("go");
        context.SetCustomStatus(new StatusInfo("done", 2));
        return value;
    }
}

public sealed record StatusInfo(string Stage, int Step);

public sealed class GuidOrchestrator : TaskOrchestrator<string?, Guid[]>
{
    public override async Task<Guid[]> RunAsync(TaskOrchestrationContext context, string? input)
    {
        Guid first = context.NewGuid();
        context.SetCustomStatus(first);
        await context.CreateTimer(TimeSpan.FromMinutes(5), CancellationToken.None);
        return [first, context.NewGuid()];
    }
}
