using System.Globalization;
using Marketplace.Domain.Conversations;
using Marketplace.Storage;

namespace Marketplace.Functions.Hosting.Binding;

/// <summary>
/// Cursor paging over a short list read whole (a seller's open deadlines, their away periods): items are ordered by a
/// time and an id, and the cursor holds the last one's (time, id), so a page never skips or repeats an item when others
/// come or go between requests, as the stored lists' cursors behave.
/// </summary>
internal static class SortedPage
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    /// <summary>Whether <paramref name="cursor"/> is one this paging issued (or none); the position it holds.</summary>
    public static bool TryDecode(string? cursor, out string? after)
    {
        after = null;
        if (!Cursor.TryDecode(cursor, out var position))
        {
            return false;
        }

        if (position.Length == 0)
        {
            return true;
        }

        after = position;
        return position.Length > 20 && position[19] == '~' && position.AsSpan(0, 19).IndexOfAnyExceptInRange('0', '9') < 0;
    }

    /// <summary>The items after <paramref name="after"/>, at most <paramref name="limit"/>, ordered by (time, id).</summary>
    public static PagedList<T> Of<T>(IEnumerable<T> items, Func<T, DateTimeOffset> time, Func<T, string> id, string? after, int limit)
    {
        string Key(T item) => time(item).UtcTicks.ToString("D19", CultureInfo.InvariantCulture) + "~" + id(item);
        var rest = items.Select(i => (Key: Key(i), Item: i))
            .Where(i => after is null || string.CompareOrdinal(i.Key, after) > 0)
            .OrderBy(i => i.Key, StringComparer.Ordinal)
            .Take(limit + 1)
            .ToList();
        var page = rest.Take(limit).ToList();
        return new PagedList<T>([.. page.Select(i => i.Item)], rest.Count > limit ? Cursor.Encode(page[^1].Key) : null);
    }
}
