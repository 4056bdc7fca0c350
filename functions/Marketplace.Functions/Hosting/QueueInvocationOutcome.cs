namespace Marketplace.Functions.Hosting;

/// <summary>The result of one delivery: success, or the exception that failed it.</summary>
public sealed record QueueInvocationOutcome(Exception? Error)
{
    public static QueueInvocationOutcome Succeeded { get; } = new((Exception?)null);

    public bool IsSuccess => Error is null;
}
