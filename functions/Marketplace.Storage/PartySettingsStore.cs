using Azure;
using Azure.Data.Tables;

namespace Marketplace.Storage;

/// <summary>
/// Per-party messaging settings (partition: "{marketplace}~{role}~{party}"): a buyer's opt-out of unsolicited
/// seller messages; later, a seller's reminder webhook and vacations. Missing rows mean defaults.
/// </summary>
public sealed class PartySettingsStore(TableServiceClient tables, StorageNames names)
{
    private const string PreferencesRow = "preferences";

    private readonly TableClient _table = tables.GetTableClient(names.PartySettings);

    public async Task<bool> BuyerOptedOutAsync(string marketplace, string buyerId, CancellationToken cancellationToken)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(
            Partition(marketplace, "buyer", buyerId), PreferencesRow, cancellationToken: cancellationToken).ConfigureAwait(false);
        return row.HasValue && row.Value!.GetBoolean("OptedOutOfUnsolicitedMessages") == true;
    }

    public async Task SetBuyerOptOutAsync(string marketplace, string buyerId, bool optedOut, CancellationToken cancellationToken)
    {
        var row = new TableEntity(Partition(marketplace, "buyer", buyerId), PreferencesRow) { ["OptedOutOfUnsolicitedMessages"] = optedOut };
        await _table.UpsertEntityAsync(row, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
    }

    private static string Partition(string marketplace, string role, string partyId) => $"{marketplace}~{role}~{partyId}";
}
