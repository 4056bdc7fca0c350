using Microsoft.Extensions.Logging;

namespace Serverless.DurableTask.Tests.Engine;

// Feature slice: workflows used by the engine-level tests.

/// <summary>A 72-hour claim window: a reminder every 24 hours, then escalation unless "resolved" arrives.</summary>
public sealed class ClaimWindowOrchestrator : TaskOrchestrator<string, string>
{
    public override async Task<string> RunAsync(TaskOrchestrationContext context, string claimId)
    {
        DateTime deadline = context.CurrentUtcDateTime.AddHours(72);
        for (int reminder = 1; reminder <= 3; reminder++)
        {
            using var cts = new CancellationTokenSource();
            Task<string> resolved = context.WaitForExternalEvent<string>("resolved", cts.Token);
            Task timer = context.CreateTimer(context.CurrentUtcDateTime.AddHours(24), cts.Token);
            if (await Task.WhenAny(resolved, timer) == resolved)
            {
                cts.Cancel();
                return $"resolved:{resolved.Result}";
            }

            cts.Cancel();
            if (context.CurrentUtcDateTime < deadline)
            {
                await context.CallActivityAsync(nameof(RemindActivity), $"{claimId}#{reminder}");
            }
        }

        return "escalated";
    }
}

/// <summary>Records reminders (a side effect observed by tests).</summary>
public sealed class RemindActivity(ReminderLog log) : TaskActivity<string, string>
{
    public override Task<string> RunAsync(TaskActivityContext context, string input)
    {
        log.Add(input);
        return Task.FromResult(input);
    }
}

public sealed class ReminderLog
{
    private readonly List<string> _items = [];

    public IReadOnlyList<string> Items
    {
        get
        {
            lock (_items)
            {
                return _items.ToList();
            }
        }
    }

    public void Add(string item)
    {
        lock (_items)
        {
            _items.Add(item);
        }
    }
}

/// <summary>Logs one line per step through the replay-safe logger and records IsReplaying per step.</summary>
public sealed class LoggingOrchestrator : TaskOrchestrator<string?, List<bool>>
{
    public override async Task<List<bool>> RunAsync(TaskOrchestrationContext context, string? input)
    {
        ILogger logger = context.CreateReplaySafeLogger<LoggingOrchestrator>();
        var replaying = new List<bool>();
        for (int step = 1; step <= 3; step++)
        {
            replaying.Add(context.IsReplaying);
#pragma warning disable CA1848, CA2254, CA1873 // A test of the replay-safe logger, not production logging.
            logger.LogInformation("step " + step);
#pragma warning restore CA1848, CA2254, CA1873
            await context.CreateTimer(TimeSpan.FromMinutes(1), CancellationToken.None);
        }

        return replaying;
    }
}

/// <summary>A bug: awaits something no durable event can complete.</summary>
public sealed class ForeignAwaitOrchestrator : TaskOrchestrator<string?, string>
{
    public override async Task<string> RunAsync(TaskOrchestrationContext context, string? input)
    {
        await context.CallActivityAsync<string>(nameof(Conformance.Workflows.SayHelloActivity), "x");
        await new TaskCompletionSource().Task;
        return "unreachable";
    }
}

/// <summary>Uses ContinueWith and Task.Factory.StartNew without a scheduler: they must stay on the orchestration's scheduler.</summary>
public sealed class ContinuationOrchestrator : TaskOrchestrator<int, int>
{
    public override async Task<int> RunAsync(TaskOrchestrationContext context, int input)
    {
#pragma warning disable CA2008 // Deliberately relies on TaskScheduler.Current, as orchestrator code written for DurableTask.Core does.
        int squared = await context.CallActivityAsync<int>(nameof(Conformance.Workflows.SquareActivity), input).ContinueWith(t => t.Result + 1);
        int doubled = await Task.Factory.StartNew(() => squared * 2);
#pragma warning restore CA2008
        await context.CreateTimer(TimeSpan.FromMinutes(1), CancellationToken.None);
        return doubled;
    }
}
