using Serverless.DurableTask.AzureStorage.Instances;

namespace Serverless.DurableTask.Tests.AzureStorage;

/// <summary>The bounded session cache under concurrent steps (it is shared by every worker of a process).</summary>
public sealed class SessionCacheTests
{
    [Fact]
    public void SetAndRemove_FromManyThreads_NeverThrowAndStayNearCapacity()
    {
        var cache = new SessionCache(capacity: 4);
        var errors = new System.Collections.Concurrent.ConcurrentBag<Exception>();

        // Half the calls set (and trim), half remove: a trim must cope with entries vanishing while it runs.
        Parallel.For(0, 400_000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            try
            {
                if (i % 2 == 0)
                {
                    cache.Set($"i{i % 64}", InstanceSnapshot.Empty);
                }
                else
                {
                    cache.Remove($"i{(i + 31) % 64}");
                }
            }
            catch (Exception ex)
            {
                errors.Add(ex);
            }
        });

        Assert.Empty(errors);
        Assert.InRange(cache.Count, 0, 4 + 8);
    }
}
