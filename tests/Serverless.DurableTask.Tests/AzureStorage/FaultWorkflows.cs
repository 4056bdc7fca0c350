using System.Collections.Concurrent;

namespace Serverless.DurableTask.Tests.AzureStorage;

/// <summary>Counts side effects per idempotency key (instance id + task id): at-least-once shows as counts ≥ 1.</summary>
public sealed class EffectLog
{
    public ConcurrentDictionary<string, int> Counts { get; } = new(StringComparer.Ordinal);
}

/// <summary>An activity with a visible side effect: records its idempotency key, returns ten times its input.</summary>
public sealed class RecordEffectActivity(EffectLog log) : TaskActivity<int, int>
{
    public override Task<int> RunAsync(TaskActivityContext context, int input)
    {
        log.Counts.AddOrUpdate(context.IdempotencyKey, 1, (_, n) => n + 1);
        return Task.FromResult(input * 10);
    }
}

/// <summary>Three sequential activities; the output is their results in order.</summary>
public sealed class ThreeStepOrchestrator : TaskOrchestrator<int, List<int>>
{
    public override async Task<List<int>> RunAsync(TaskOrchestrationContext context, int input)
    {
        var results = new List<int>();
        for (int i = 1; i <= 3; i++)
        {
            results.Add(await context.CallActivityAsync<int>(nameof(RecordEffectActivity), input + i));
        }

        return results;
    }
}

/// <summary>Adds up the payloads of two "Add" events.</summary>
public sealed class TwoEventSumOrchestrator : TaskOrchestrator<object?, int>
{
    public override async Task<int> RunAsync(TaskOrchestrationContext context, object? input)
    {
        int a = await context.WaitForExternalEvent<int>("Add");
        int b = await context.WaitForExternalEvent<int>("Add");
        return a + b;
    }
}

/// <summary>Waits on a durable timer (a quiet phase in which storage can be restarted), then runs three activities.</summary>
public sealed class TimerThenStepsOrchestrator : TaskOrchestrator<int, List<int>>
{
    public override async Task<List<int>> RunAsync(TaskOrchestrationContext context, int input)
    {
        await context.CreateTimer(context.CurrentUtcDateTime.AddSeconds(12), CancellationToken.None);
        var results = new List<int>();
        for (int i = 1; i <= 3; i++)
        {
            results.Add(await context.CallActivityAsync<int>(nameof(RecordEffectActivity), input + i));
        }

        return results;
    }
}
