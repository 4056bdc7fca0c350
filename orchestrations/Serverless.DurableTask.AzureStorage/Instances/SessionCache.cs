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
        // Drop the least recently used quarter in one go (rare, amortised).
        var victims = _entries.OrderBy(e => e.Value.LastUsed).Take(Math.Max(1, _entries.Count - (capacity * 3 / 4))).Select(e => e.Key).ToList();
        foreach (string key in victims)
        {
            _entries.TryRemove(key, out _);
        }
    }

    private sealed class Entry(InstanceSnapshot snapshot)
    {
        public InstanceSnapshot Snapshot { get; } = snapshot;

        public long LastUsed { get; set; }
    }
}
