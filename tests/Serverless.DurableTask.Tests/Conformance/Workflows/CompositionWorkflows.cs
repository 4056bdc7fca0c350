namespace Serverless.DurableTask.Tests.Conformance.Workflows;

// Feature slice: sub-orchestrations, ContinueAsNew, versioning, unregistered orchestrators.

public sealed class ChildOrchestrator : TaskOrchestrator<string, string>
{
    public override async Task<string> RunAsync(TaskOrchestrationContext context, string input)
    {
        if (input == "fail")
        {
            throw new InvalidOperationException("child refused");
        }

        return await context.CallActivityAsync<string>(nameof(SayHelloActivity), input);
    }
}

public sealed class ParentOrchestrator : TaskOrchestrator<string, string>
{
    public override async Task<string> RunAsync(TaskOrchestrationContext context, string input)
    {
        try
        {
            string child = await context.CallSubOrchestratorAsync<string>(
                nameof(ChildOrchestrator), input, new SubOrchestrationOptions(instanceId: $"{context.InstanceId}-child"));
            return $"child said {child}";
        }
        catch (TaskFailedException ex)
        {
            return $"child failed: {ex.FailureDetails.ErrorMessage}";
        }
    }
}

/// <summary>Adds one per "inc" event, restarting itself with ContinueAsNew until it reaches the target.</summary>
public sealed class CounterOrchestrator : TaskOrchestrator<int, int>
{
    public const int Target = 3;

    public override async Task<int> RunAsync(TaskOrchestrationContext context, int input)
    {
        await context.WaitForExternalEvent<int>("inc");
        int next = input + 1;
        if (next < Target)
        {
            context.ContinueAsNew(next);
        }

        return next;
    }
}

public sealed class VersionedOrchestratorV1 : TaskOrchestrator<string?, string>
{
    public override async Task<string> RunAsync(TaskOrchestrationContext context, string? input)
    {
        string hello = await context.CallActivityAsync<string>(nameof(SayHelloActivity), "v1");
        await context.WaitForExternalEvent<string>("go");
        return hello;
    }
}

/// <summary>An incompatible change: a different activity first.</summary>
public sealed class VersionedOrchestratorV2 : TaskOrchestrator<string?, string>
{
    public override async Task<string> RunAsync(TaskOrchestrationContext context, string? input)
    {
        int square = await context.CallActivityAsync<int>(nameof(SquareActivity), 3);
        await context.WaitForExternalEvent<string>("go");
        return square.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}

public sealed class LateDeployedOrchestrator : TaskOrchestrator<string, string>
{
    public override Task<string> RunAsync(TaskOrchestrationContext context, string input) => Task.FromResult($"finally {input}");
}

/// <summary>Tells another instance to proceed (SendEvent), then finishes.</summary>
public sealed class NotifierOrchestrator : TaskOrchestrator<string, string>
{
    public override Task<string> RunAsync(TaskOrchestrationContext context, string targetInstanceId)
    {
        context.SendEvent(targetInstanceId, "go", $"from {context.InstanceId}");
        return Task.FromResult("sent");
    }
}

/// <summary>Fans out squares and one flaky call; the failure surfaces from WhenAll.</summary>
public sealed class FanOutWithFailureOrchestrator : TaskOrchestrator<string?, string>
{
    public override async Task<string> RunAsync(TaskOrchestrationContext context, string? input)
    {
        var squares = Enumerable.Range(1, 3).Select(i => context.CallActivityAsync<int>(nameof(SquareActivity), i)).ToList();
        Task<string> flaky = context.CallActivityAsync<string>(nameof(FlakyActivity), "x");
        try
        {
            await Task.WhenAll(squares.Cast<Task>().Append(flaky));
            return "all ok";
        }
        catch (TaskFailedException ex)
        {
            return $"{ex.TaskName} failed; squares={squares.Sum(s => s.Result)}";
        }
    }
}
