using System.Buffers;
using System.Text;

namespace Marketplace.Domain.Profiles;

/// <summary>
/// The one spelling of a marketplace's name, used in webhook URLs, token claims, settings, conversation ids and storage
/// keys: 1-32 lowercase ASCII letters, digits and '-', starting with a letter or digit. Comparing names is then ordinal:
/// "AMAZON" is not another spelling of "amazon" but not a marketplace at all, so an event cannot be taken twice under two
/// spellings.
/// </summary>
public static class MarketplaceNames
{
    public const int MaxLength = 32;

    public const string Rule = "1-32 characters: lowercase letters a-z, digits and '-', starting with a letter or digit";

    private static readonly SearchValues<char> s_allowed = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789-");

    public static bool IsCanonical(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= MaxLength && name[0] != '-' && !name.AsSpan().ContainsAnyExcept(s_allowed);

    /// <summary>
    /// A name from a configuration key, in lowercase: configuration keys ignore case ("Amazon" and "amazon" are one
    /// setting), so the key's spelling carries no meaning. Only ASCII is lowered, so a name that would pass only
    /// after a culture's case mapping (the Kelvin sign lowers to 'k') stays as written and fails <see cref="IsCanonical"/>.
    /// </summary>
    public static string FromConfigurationKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Ascii.IsValid(key) ? key.ToLowerInvariant() : key;
    }
}
