using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Marketplace.Storage.Entities;

namespace Marketplace.Storage;

/// <summary>
/// Opaque paging cursors: URL-safe base64 of a position, so callers don't build them by hand. Decoding accepts only
/// what the list could have issued (a sequence in range, a row key of that list's shape): any other position would
/// start the page somewhere arbitrary, e.g. back at the first page, and a control character would break the query.
/// </summary>
public static class Cursor
{
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string Encode(long sequence) => Encode(sequence.ToString(CultureInfo.InvariantCulture));

    public static string Encode(string position) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(position));

    /// <summary>The position a cursor holds: "" for no cursor; false if it is not base64url of UTF-8 text.</summary>
    public static bool TryDecode(string? cursor, out string position)
    {
        position = "";
        if (string.IsNullOrEmpty(cursor))
        {
            return true;
        }

        try
        {
            position = s_strictUtf8.GetString(Base64Url.DecodeFromChars(cursor));
            return position.Length > 0;
        }
        catch (FormatException)
        {
            return false;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    /// <summary>A messages cursor: the last sequence seen, 0 (from the start) to the last a message key holds.</summary>
    public static bool TryDecodeSequence(string? cursor, out long sequence)
    {
        sequence = 0;
        return TryDecode(cursor, out var position)
            && (position.Length == 0
                || (long.TryParse(position, NumberStyles.None, CultureInfo.InvariantCulture, out sequence) && sequence <= RowKeys.MaxSequence));
    }

    private const string BeforePrefix = "before:";

    /// <summary>A newest-first messages cursor: the lowest sequence seen (the next page holds the ones before it).</summary>
    public static string EncodeBefore(long sequence) => Encode(BeforePrefix + sequence.ToString(CultureInfo.InvariantCulture));

    /// <summary>
    /// A newest-first messages cursor: the sequence to list messages before; <see cref="long.MaxValue"/> for the first page.
    /// An oldest-first cursor is refused here (and this one there), so a cursor is never read in the other order.
    /// </summary>
    public static bool TryDecodeBefore(string? cursor, out long beforeSequence)
    {
        beforeSequence = long.MaxValue;
        if (!TryDecode(cursor, out var position))
        {
            return false;
        }

        return position.Length == 0
            || (position.StartsWith(BeforePrefix, StringComparison.Ordinal)
                && long.TryParse(position.AsSpan(BeforePrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out beforeSequence)
                && beforeSequence is > 1 and <= RowKeys.MaxSequence);
    }

    /// <summary>A marketplace-inbox cursor: the seller and inbox row key of the last conversation seen, or nulls for the first page.</summary>
    public static bool TryDecodeMarketplaceInboxKey(string? cursor, out string? sellerId, out string? rowKey)
    {
        sellerId = null;
        rowKey = null;
        if (!TryDecode(cursor, out var position))
        {
            return false;
        }

        if (position.Length == 0)
        {
            return true;
        }

        var split = position.IndexOf('~', StringComparison.Ordinal);
        if (split <= 0 || !Marketplace.Domain.Conversations.Identifiers.IsValid(position[..split]) || !InboxEntity.IsRowKey(position[(split + 1)..]))
        {
            return false;
        }

        sellerId = position[..split];
        rowKey = position[(split + 1)..];
        return true;
    }

    /// <summary>An inbox cursor: the row key of the last conversation seen, or null for the first page.</summary>
    public static bool TryDecodeInboxKey(string? cursor, out string? rowKey) => TryDecodeKey(cursor, InboxEntity.IsRowKey, out rowKey);

    /// <summary>A held-messages cursor: the row key of the last held message seen, or null for the first page.</summary>
    public static bool TryDecodeHeldMessageKey(string? cursor, out string? rowKey) => TryDecodeKey(cursor, HeldMessageIndex.IsRowKey, out rowKey);

    private static bool TryDecodeKey(string? cursor, Func<string, bool> isKey, out string? rowKey)
    {
        rowKey = null;
        if (!TryDecode(cursor, out var position) || (position.Length > 0 && !isKey(position)))
        {
            return false;
        }

        rowKey = position.Length == 0 ? null : position;
        return true;
    }
}
