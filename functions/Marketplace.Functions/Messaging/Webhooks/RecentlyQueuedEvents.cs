namespace Marketplace.Functions.Messaging.Webhooks;

/// <summary>
/// The events this process queued itself, most recent <see cref="Capacity"/>, so that a redelivery of one of them is not
/// queued again: it certainly reached the queue, and a marketplace retrying in a storm would otherwise have each copy
/// applied again (changing nothing, at the queue function's cost). Redeliveries of events queued by another instance, or
/// before a restart, are still queued again, as the event log alone cannot tell whether they ever were.
/// </summary>
internal sealed class RecentlyQueuedEvents
{
    /// <summary>About 10 MB of keys at most: minutes of intake at full speed, hours at ordinary rates.</summary>
    internal const int Capacity = 100_000;

    private readonly Lock _gate = new();
    private readonly HashSet<(string Marketplace, string EventId)> _keys = [];
    private readonly Queue<(string Marketplace, string EventId)> _order = new();

    public bool Contains(string marketplace, string eventId)
    {
        lock (_gate)
        {
            return _keys.Contains((marketplace, eventId));
        }
    }

    public void Add(IEnumerable<(string Marketplace, string EventId)> queued)
    {
        lock (_gate)
        {
            foreach (var key in queued)
            {
                if (!_keys.Add(key))
                {
                    continue;
                }

                _order.Enqueue(key);
                if (_order.Count > Capacity)
                {
                    _keys.Remove(_order.Dequeue());
                }
            }
        }
    }
}
