using Marketplace.Domain.Deadlines;
using Marketplace.Domain.Profiles;

namespace Marketplace.Functions.Messaging;

/// <summary>
/// Binds <c>Messaging:Profiles:{marketplace}</c> field by field onto the built-in profile of that name, so configuring
/// one field keeps the others' built-in values. A list that is configured replaces its default: the configuration
/// binder alone would append the configured items to the default ones (dotnet/runtime#46988), turning reminders
/// configured as "2 h before" into 6 h, 1 h and 2 h. Names are taken in lowercase (see <see cref="MarketplaceNames"/>).
/// </summary>
internal static class MarketplaceProfileBinding
{
    public static void Apply(MessagingOptions options, IConfigurationSection profiles)
    {
        options.Profiles.Clear();
        foreach (var section in profiles.GetChildren())
        {
            var profile = MarketplaceProfiles.BuiltIn(section.Key) ?? new MarketplaceProfile();
            var deadline = section.GetSection(nameof(MarketplaceProfile.ReplyDeadline));
            ClearIfConfigured(section, nameof(MarketplaceProfile.AllowedAttachmentKinds), profile.AllowedAttachmentKinds);
            ClearIfConfigured(deadline, nameof(ReplyDeadlineProfile.BusinessDays), profile.ReplyDeadline.BusinessDays);
            ClearIfConfigured(deadline, nameof(ReplyDeadlineProfile.Holidays), profile.ReplyDeadline.Holidays);
            ClearIfConfigured(deadline, nameof(ReplyDeadlineProfile.ReminderOffsets), profile.ReplyDeadline.ReminderOffsets);
            ClearIfConfigured(section.GetSection(nameof(MarketplaceProfile.Claims)), nameof(Domain.Claims.ClaimProfile.ReminderOffsets), profile.Claims.ReminderOffsets);
            section.Bind(profile);
            options.Profiles[MarketplaceNames.FromConfigurationKey(section.Key)] = profile;
        }
    }

    /// <summary>Re-keys settings named by marketplace (<c>…:{marketplace}</c>) by the name in lowercase; the validator refuses what is still not a name.</summary>
    public static void LowercaseNames<T>(IDictionary<string, T> byMarketplace)
    {
        var entries = byMarketplace.ToList();
        byMarketplace.Clear();
        foreach (var (name, value) in entries)
        {
            byMarketplace[MarketplaceNames.FromConfigurationKey(name)] = value;
        }
    }

    private static void ClearIfConfigured<T>(IConfigurationSection parent, string name, ICollection<T> list)
    {
        if (parent.GetSection(name).GetChildren().Any())
        {
            list.Clear();
        }
    }
}
