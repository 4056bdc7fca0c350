using System.Security.Cryptography;
using Azure;
using Azure.Data.Tables;
using Marketplace.Domain.Events;

namespace Marketplace.Storage.Email;

/// <summary>
/// Email aliases in both directions, in the EmailRelay table: "conv~{conversation}" / "alias~{role}~{conversation}" holds the
/// alias of a (conversation, party), its owner and its revocation (the one source of truth); "alias~{local part}" (partition and
/// row) points back to the conversation and role. Creation is idempotent under races: the pair's forward row is inserted
/// with Add, so of two concurrent creators one wins and the other reads the winner's alias (and removes its own back pointer,
/// which could never resolve anyway: a lookup checks the forward row names the same alias).
/// </summary>
public sealed class EmailAliasStore(TableServiceClient tables, StorageNames names)
{
    // 80 random bits as 16 base32 letters: not guessable, and case-insensitive as mail local parts are in practice.
    private const int AliasBytes = 10;
    private const string Base32 = "abcdefghijklmnopqrstuvwxyz234567";
    private const string SentThroughPrefix = "sent~";

    private readonly TableClient _table = tables.GetTableClient(names.EmailRelay);

    /// <summary>The alias of <paramref name="owner"/> in the conversation, created if it has none.</summary>
    public async Task<EmailAlias> GetOrCreateAsync(
        string conversationId, string marketplace, PartyRole owner, string ownerId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await GetAsync(conversationId, owner, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return existing;
        }

        var local = NewLocalPart();
        var back = new TableEntity(BackKey(local), BackKey(local)) { ["ConversationId"] = conversationId, ["Role"] = RoleName(owner) };
        await _table.AddEntityAsync(back, cancellationToken).ConfigureAwait(false);
        var forward = new TableEntity(ForwardPartition(conversationId), ForwardRow(conversationId, owner))
        {
            ["Alias"] = local, ["Marketplace"] = marketplace, ["OwnerId"] = ownerId, ["CreatedAt"] = now,
        };
        try
        {
            await _table.AddEntityAsync(forward, cancellationToken).ConfigureAwait(false);
            return Read(forward, conversationId, owner);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // Another creator won: its alias is the one; ours never resolves, so it goes.
            await _table.DeleteEntityAsync(back.PartitionKey, back.RowKey, ETag.All, cancellationToken).ConfigureAwait(false);
            return await GetAsync(conversationId, owner, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException("The alias another writer created has disappeared.");
        }
    }

    public async Task<EmailAlias?> GetAsync(string conversationId, PartyRole owner, CancellationToken cancellationToken)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(
            ForwardPartition(conversationId), ForwardRow(conversationId, owner), cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? Read(row.Value!, conversationId, owner) : null;
    }

    /// <summary>The alias with this local part (any case), or null if there is none.</summary>
    public async Task<EmailAlias?> FindAsync(string localPart, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(localPart);
        var local = localPart.ToLowerInvariant();
        if (local.Length != AliasLength || local.Any(c => !Base32.Contains(c, StringComparison.Ordinal)))
        {
            return null;
        }

        var back = await _table.GetEntityIfExistsAsync<TableEntity>(BackKey(local), BackKey(local), cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!back.HasValue || !TryParseRole(back.Value!.GetString("Role"), out var role))
        {
            return null;
        }

        var alias = await GetAsync(back.Value.GetString("ConversationId"), role, cancellationToken).ConfigureAwait(false);
        return alias?.LocalPart == local ? alias : null;
    }

    /// <summary>Revokes the alias (kept, so mail to it bounces with the reason); null if there is no such alias.</summary>
    public async Task<EmailAlias?> RevokeAsync(string localPart, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await FindAsync(localPart, cancellationToken).ConfigureAwait(false) is not { } alias)
        {
            return null;
        }

        if (alias.IsRevoked)
        {
            return alias;
        }

        var update = new TableEntity(ForwardPartition(alias.ConversationId), ForwardRow(alias.ConversationId, alias.Owner))
        {
            ["RevokedReason"] = reason, ["RevokedAt"] = now,
        };
        await _table.UpdateEntityAsync(update, ETag.All, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
        return alias with { RevokedReason = reason, RevokedAt = now };
    }

    /// <summary>Revokes both parties' aliases in the conversation (when it closes); returns how many there were.</summary>
    public async Task<int> RevokeConversationAsync(string conversationId, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var count = 0;
        foreach (var role in new[] { PartyRole.Buyer, PartyRole.Seller })
        {
            if (await GetAsync(conversationId, role, cancellationToken).ConfigureAwait(false) is { } alias
                && await RevokeAsync(alias.LocalPart, reason, now, cancellationToken).ConfigureAwait(false) is not null)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>The position in the conversation's event stream up to which emails have gone out, and the row's ETag.</summary>
    public async Task<(string? Position, ETag ETag)> GetSentThroughAsync(string conversationId, CancellationToken cancellationToken)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(
            ForwardPartition(conversationId), SentThroughPrefix + conversationId, cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue ? (row.Value!.GetString("Position"), row.Value.ETag) : (null, default);
    }

    /// <summary>Moves the position on; null if another sender moved it meanwhile (the ETag no longer matches).</summary>
    public async Task<ETag?> TrySaveSentThroughAsync(string conversationId, string position, ETag etag, CancellationToken cancellationToken)
    {
        var row = new TableEntity(ForwardPartition(conversationId), SentThroughPrefix + conversationId) { ["Position"] = position };
        try
        {
            var response = etag == default
                ? await _table.AddEntityAsync(row, cancellationToken).ConfigureAwait(false)
                : await _table.UpdateEntityAsync(row, etag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return response.Headers.ETag;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return null;
        }
    }

    private static int AliasLength => (AliasBytes * 8 + 4) / 5;

    private static string NewLocalPart()
    {
        Span<byte> bytes = stackalloc byte[AliasBytes];
        RandomNumberGenerator.Fill(bytes);
        var chars = new char[AliasLength];
        for (var i = 0; i < chars.Length; i++)
        {
            var bit = i * 5;
            var value = (bytes[bit / 8] << 8 | (bit / 8 + 1 < bytes.Length ? bytes[bit / 8 + 1] : 0)) >> (11 - bit % 8) & 31;
            chars[i] = Base32[value];
        }

        return new string(chars);
    }

    private static string ForwardPartition(string conversationId) => "conv~" + conversationId;

    private static string ForwardRow(string conversationId, PartyRole owner) => $"alias~{RoleName(owner)}~{conversationId}";

    private static string BackKey(string local) => "alias~" + local;

    private static string RoleName(PartyRole role) => role == PartyRole.Buyer ? "buyer" : "seller";

    private static bool TryParseRole(string? name, out PartyRole role)
    {
        role = name == "seller" ? PartyRole.Seller : PartyRole.Buyer;
        return name is "buyer" or "seller";
    }

    private static EmailAlias Read(TableEntity row, string conversationId, PartyRole owner) => new(
        row.GetString("Alias"), conversationId, owner, row.GetString("Marketplace"), row.GetString("OwnerId"),
        row.GetDateTimeOffset("CreatedAt") ?? default, row.GetString("RevokedReason"), row.GetDateTimeOffset("RevokedAt"));

}
