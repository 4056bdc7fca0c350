namespace Serverless.DurableTask.AzureStorage.Messaging;

/// <summary>A message dispatched in memory (local dispatch): durable only through its committed outbox row, nothing to delete from a queue.</summary>
internal sealed record LocalReceipt(long Id)
{
    private static long s_next;

    public static LocalReceipt Next() => new(Interlocked.Increment(ref s_next));
}
