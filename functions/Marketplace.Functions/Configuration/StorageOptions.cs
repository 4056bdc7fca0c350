using System.Text.RegularExpressions;

namespace Marketplace.Functions.Configuration;

/// <summary>
/// Where the app's Azure Storage account is (section "Storage"): a connection string locally, or an
/// account name reached with the app's managed identity in Azure.
/// </summary>
public sealed partial class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>Azurite's well-known shorthand: what local runs and tests use when nothing else is set.</summary>
    public const string DevelopmentConnectionString = "UseDevelopmentStorage=true";

    /// <summary>A storage connection string. Ignored when <see cref="AccountName"/> is set.</summary>
    public string ConnectionString { get; set; } = DevelopmentConnectionString;

    /// <summary>
    /// The storage account's name; when set, the app reaches https://{name}.{blob|queue|table}.core.windows.net
    /// with <c>DefaultAzureCredential</c> (the Function App's managed identity) and no key.
    /// </summary>
    public string? AccountName { get; set; }

    /// <summary>
    /// Put in front of EVERY table, queue and container name the app creates, so that several apps (or
    /// tests) share one account without seeing each other's data. Lowercase letters and digits, starting
    /// with a letter; empty in production. Tables get "{prefix}Name", queues and containers "{prefix}-name"
    /// (see <see cref="TableName"/> and <see cref="QueueOrContainerName"/>).
    /// </summary>
    public string NamePrefix { get; set; } = "";

    /// <summary>
    /// Retries of one storage call after its first try (the SDK's default is 3 with exponential delays from 0.8 s).
    /// Kept small so that while storage is unreachable a request fails within a few seconds and is answered 503;
    /// work taken from queues is retried by its queue message, not by waiting here.
    /// </summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>The first retry's delay; each further retry doubles it.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How long one try may take before it is abandoned (the SDK's default is 100 s).</summary>
    public TimeSpan TryTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The table name for <paramref name="name"/> (letters and digits) with <see cref="NamePrefix"/> applied.</summary>
    public string TableName(string name) => NamePrefix + name;

    /// <summary>The queue or container name for <paramref name="name"/> (lowercase, hyphens) with <see cref="NamePrefix"/> applied.</summary>
    public string QueueOrContainerName(string name) => NamePrefix.Length == 0 ? name : NamePrefix + "-" + name;

    internal static bool IsValidPrefix(string prefix) => prefix.Length == 0 || PrefixPattern().IsMatch(prefix);

    [GeneratedRegex("^[a-z][a-z0-9]{0,23}$", RegexOptions.CultureInvariant)]
    private static partial Regex PrefixPattern();
}
