using Azure;
using Azure.Data.Tables;
using Marketplace.Domain.Deadlines;

namespace Marketplace.Storage;

/// <summary>
/// Per-party messaging settings (partition: "{marketplace}~{role}~{party}"): a buyer's opt-out of unsolicited
/// seller messages; a seller's reminder webhook and away periods; the language a party reads in; email relay addresses
/// and notifications. Missing rows mean defaults.
/// </summary>
public sealed class PartySettingsStore(TableServiceClient tables, StorageNames names)
{
    // The row key repeats the partition: Azurite looks rows up by row key first (see RowKeys), so a key every party
    // shared made each settings read scan all parties.
    private const string PreferencesPrefix = "preferences~";
    private const string VacationPrefix = "vacation-";
    private const string VacationRangeEnd = "vacation.";

    private readonly TableClient _table = tables.GetTableClient(names.PartySettings);

    public async Task<bool> BuyerOptedOutAsync(string marketplace, string buyerId, CancellationToken cancellationToken)
    {
        var row = await GetPreferencesAsync(marketplace, "buyer", buyerId, cancellationToken).ConfigureAwait(false);
        return row.HasValue && row.Value!.GetBoolean("OptedOutOfUnsolicitedMessages") == true;
    }

    public async Task SetBuyerOptOutAsync(string marketplace, string buyerId, bool optedOut, CancellationToken cancellationToken)
    {
        var row = NewPreferences(marketplace, "buyer", buyerId);
        row["OptedOutOfUnsolicitedMessages"] = optedOut;
        await _table.UpsertEntityAsync(row, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The language a party reads messages in (a Translator language code); null when not set.</summary>
    public async Task<string?> GetLanguageAsync(string marketplace, string role, string partyId, CancellationToken cancellationToken)
    {
        var row = await GetPreferencesAsync(marketplace, role, partyId, cancellationToken).ConfigureAwait(false);
        return row.HasValue && row.Value!.GetString("Language") is { Length: > 0 } language ? language : null;
    }

    public async Task SetLanguageAsync(string marketplace, string role, string partyId, string language, CancellationToken cancellationToken)
    {
        var row = NewPreferences(marketplace, role, partyId);
        row["Language"] = language;
        await _table.UpsertEntityAsync(row, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A buyer's or seller's email relay settings: registered addresses and whether messages also come by email.</summary>
    public async Task<PartyEmailSettings> GetEmailAsync(string marketplace, string role, string partyId, CancellationToken cancellationToken)
    {
        var row = await GetPreferencesAsync(marketplace, role, partyId, cancellationToken).ConfigureAwait(false);
        if (!row.HasValue)
        {
            return PartyEmailSettings.None;
        }

        var addresses = row.Value!.GetString("EmailAddresses") is { Length: > 0 } joined ? joined.Split('\n') : [];
        return new PartyEmailSettings(addresses, row.Value.GetBoolean("EmailNotifications") == true, row.Value.GetDateTimeOffset("EmailNotificationsSince"));
    }

    public async Task SetEmailAsync(string marketplace, string role, string partyId, PartyEmailSettings email, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(email);
        var row = NewPreferences(marketplace, role, partyId);
        row["EmailAddresses"] = string.Join('\n', email.Addresses);
        row["EmailNotifications"] = email.Notifications;
        row["EmailNotificationsSince"] = email.NotificationsSince;
        await _table.UpsertEntityAsync(row, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The seller's reminder webhook (URL and signing secret); null when not configured.</summary>
    public async Task<(Uri Url, string Secret)?> GetSellerWebhookAsync(string marketplace, string sellerId, CancellationToken cancellationToken)
    {
        var row = await GetPreferencesAsync(marketplace, "seller", sellerId, cancellationToken).ConfigureAwait(false);
        return row.HasValue && row.Value!.GetString("ReminderWebhookUrl") is { Length: > 0 } url && row.Value.GetString("ReminderWebhookSecret") is { Length: > 0 } secret
            ? (new Uri(url), secret)
            : null;
    }

    public async Task SetSellerWebhookAsync(string marketplace, string sellerId, Uri url, string secret, CancellationToken cancellationToken)
    {
        var row = NewPreferences(marketplace, "seller", sellerId);
        row["ReminderWebhookUrl"] = url.AbsoluteUri;
        row["ReminderWebhookSecret"] = secret;
        await _table.UpsertEntityAsync(row, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Where the marketplace's backend takes our events (URL, signing secret, and since when: events older than the
    /// subscription are not sent); null when it has not subscribed.
    /// </summary>
    public async Task<MarketplaceEventsWebhook?> GetMarketplaceWebhookAsync(string marketplace, CancellationToken cancellationToken)
    {
        var row = await GetPreferencesAsync(marketplace, "marketplace", marketplace, cancellationToken).ConfigureAwait(false);
        return row.HasValue && row.Value!.GetString("EventsWebhookUrl") is { Length: > 0 } url && row.Value.GetString("EventsWebhookSecret") is { Length: > 0 } secret
            ? new MarketplaceEventsWebhook(new Uri(url), secret, row.Value.GetDateTimeOffset("EventsSince") ?? default)
            : null;
    }

    public async Task SetMarketplaceWebhookAsync(string marketplace, MarketplaceEventsWebhook webhook, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        var row = NewPreferences(marketplace, "marketplace", marketplace);
        row["EventsWebhookUrl"] = webhook.Url.AbsoluteUri;
        row["EventsWebhookSecret"] = webhook.Secret;
        row["EventsSince"] = webhook.Since;
        await _table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Ends the subscription; returns false if there was none.</summary>
    public async Task<bool> DeleteMarketplaceWebhookAsync(string marketplace, CancellationToken cancellationToken)
    {
        var partition = Partition(marketplace, "marketplace", marketplace);
        var response = await _table.DeleteEntityAsync(partition, PreferencesPrefix + partition, ETag.All, cancellationToken).ConfigureAwait(false);
        return response.Status != 404;
    }

    /// <summary>Adds an away period; returns its id.</summary>
    public async Task<string> AddVacationAsync(string marketplace, string sellerId, VacationPeriod period, CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid().ToString("N");
        var row = new TableEntity(Partition(marketplace, "seller", sellerId), VacationPrefix + id) { ["Start"] = period.Start, ["End"] = period.End };
        await _table.AddEntityAsync(row, cancellationToken).ConfigureAwait(false);
        return id;
    }

    public async Task<IReadOnlyList<(string Id, VacationPeriod Period)>> ListVacationsAsync(string marketplace, string sellerId, CancellationToken cancellationToken)
    {
        var partition = Partition(marketplace, "seller", sellerId);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {VacationPrefix} and RowKey lt {VacationRangeEnd}");
        var vacations = new List<(string, VacationPeriod)>();
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            vacations.Add((row.RowKey[VacationPrefix.Length..], new VacationPeriod(row.GetDateTimeOffset("Start") ?? default, row.GetDateTimeOffset("End") ?? default)));
        }

        return [.. vacations.OrderBy(v => v.Item2.Start)];
    }

    public async Task<bool> DeleteVacationAsync(string marketplace, string sellerId, string id, CancellationToken cancellationToken)
    {
        // The Tables client reports a missing entity as a 404 response, not as an exception.
        var response = await _table.DeleteEntityAsync(Partition(marketplace, "seller", sellerId), VacationPrefix + id, ETag.All, cancellationToken)
            .ConfigureAwait(false);
        return response.Status != 404;
    }

    private static string Partition(string marketplace, string role, string partyId) => $"{marketplace}~{role}~{partyId}";

    private static TableEntity NewPreferences(string marketplace, string role, string partyId)
    {
        var partition = Partition(marketplace, role, partyId);
        return new TableEntity(partition, PreferencesPrefix + partition);
    }

    private Task<NullableResponse<TableEntity>> GetPreferencesAsync(string marketplace, string role, string partyId, CancellationToken cancellationToken)
    {
        var partition = Partition(marketplace, role, partyId);
        return _table.GetEntityIfExistsAsync<TableEntity>(partition, PreferencesPrefix + partition, cancellationToken: cancellationToken);
    }
}

/// <summary>
/// A party's email relay settings: the addresses they may write from (lower case), whether delivered messages are also
/// emailed to them, and since when (messages delivered before that are not emailed).
/// </summary>
public sealed record PartyEmailSettings(IReadOnlyList<string> Addresses, bool Notifications, DateTimeOffset? NotificationsSince)
{
    public static PartyEmailSettings None { get; } = new([], false, null);

    public bool IsRegistered(string address) => Addresses.Contains(address.ToLowerInvariant(), StringComparer.Ordinal);
}

/// <summary>A marketplace's subscription to our events: where they go, the secret they are signed with, and since when.</summary>
public sealed record MarketplaceEventsWebhook(Uri Url, string Secret, DateTimeOffset Since);
