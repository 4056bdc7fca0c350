using Azure;
using Microsoft.Extensions.Caching.Memory;

namespace Marketplace.Storage;

/// <summary>
/// What this process last committed per row, with the row's ETag, so its next write can skip reading the row again. Safe
/// only for writes guarded by that ETag: if anyone changed the row since (another instance, another kind of write), the
/// write fails with 412 and the writer drops the entry and starts over from a fresh read. Bounded; an entry unused for
/// <see cref="IdleLifetime"/> goes.
/// </summary>
public sealed class LastCommitted<T> : IDisposable
    where T : class
{
    private static readonly TimeSpan IdleLifetime = TimeSpan.FromMinutes(10);

    private readonly MemoryCache _entries = new(new MemoryCacheOptions { SizeLimit = 20_000 });

    public bool TryGet(string key, out Committed<T> committed) => _entries.TryGetValue(key, out committed!);

    public void Set(string key, T value, ETag etag) =>
        _entries.Set(key, new Committed<T>(value, etag), new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = IdleLifetime });

    public void Remove(string key) => _entries.Remove(key);

    public void Dispose() => _entries.Dispose();
}

/// <summary>A value as its row was committed, and that row's ETag.</summary>
public sealed record Committed<T>(T Value, ETag ETag);
