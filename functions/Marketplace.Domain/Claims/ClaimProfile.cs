namespace Marketplace.Domain.Claims;

/// <summary>How long a marketplace gives sellers to resolve a claim, and when they are reminded (72 h; 24 h and 6 h before).</summary>
public sealed class ClaimProfile
{
    public TimeSpan ResolutionWindow { get; set; } = TimeSpan.FromHours(72);

    /// <summary>Reminders go this long before the window ends.</summary>
    public IList<TimeSpan> ReminderOffsets { get; init; } = [TimeSpan.FromHours(24), TimeSpan.FromHours(6)];
}
