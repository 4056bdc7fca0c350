using System.Collections.Concurrent;

namespace Serverless.DurableTask.AzureStorage.Instances;

/// <summary>
/// Extended sessions: the last committed snapshot of hot instances, so a step needs no table read.
/// Safe because every checkpoint is ETag-guarded: a snapshot made stale by another writer fails its commit,
/// which evicts it. Bounded, so idle instances (e.g. 100 000 waiting on timers) are not all held in memory.
/// </summary>
internal sealed class SessionCache(int capacity)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private long _clock;
    private int _trimming;

    public int Count => _entries.Count;

    public InstanceSnapshot? TryGet(string instanceId)
    {
        if (_entries.TryGetValue(instanceId, out var entry))
        {
            entry.LastUsed = Interlocked.Increment(ref _clock);
            return entry.Snapshot;
        }

        return null;
    }

    public void Set(string instanceId, InstanceSnapshot snapshot)
    {
        if (capacity == 0)
        {
            return;
        }

        _entries[instanceId] = new Entry(snapshot) { LastUsed = Interlocked.Increment(ref _clock) };
        if (_entries.Count > capacity)
        {
            Trim();
        }
    }

    public void Remove(string instanceId) => _entries.TryRemove(instanceId, out _);

    private void Trim()
    {
        // One trim at a time; the others carry on (the cache may briefly exceed its capacity by a few entries).
        if (Interlocked.Exchange(ref _trimming, 1) == 1)
        {
            return;
        }

        try
        {
            // ToArray takes a consistent snapshot. LINQ over the dictionary itself sizes its buffer from Count and then
            // copies, so a concurrent change in between leaves empty slots or overflows the buffer (both seen under load).
            var snapshot = _entries.ToArray();
            int excess = Math.Max(1, snapshot.Length - (capacity * 3 / 4));

            // Drop the least recently used quarter in one go (rare, amortised).
            foreach (var victim in snapshot.OrderBy(e => e.Value.LastUsed).Take(excess))
            {
                _entries.TryRemove(victim.Key, out _);
            }
        }
        finally
        {
            Volatile.Write(ref _trimming, 0);
        }
    }

    private sealed class Entry(InstanceSnapshot snapshot)
    {
        public InstanceSnapshot Snapshot { get; } = snapshot;

        public long LastUsed { get; set; }
    }
}
