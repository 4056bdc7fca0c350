namespace Marketplace.Domain.Claims;

/// <summary>A seller's claims over one window: how many orders, how many claims on them, and how many counted against them.</summary>
/// <param name="ClaimsRate">Claims opened per order received in the window (0 when there were no orders).</param>
/// <param name="ImpactsByReason">The reputation impacts, by <see cref="ClaimImpact"/> reason.</param>
public sealed record ClaimMetricsWindow(
    int Days, int Orders, int Claims, double ClaimsRate, int Closed, int Impacts, IReadOnlyDictionary<string, int> ImpactsByReason)
{
    /// <summary>The windows sellers are judged over (30, 60 and 90 days, as marketplaces report claim rates).</summary>
    public static IReadOnlyList<int> StandardDays { get; } = [30, 60, 90];

    /// <summary>
    /// The window of <paramref name="days"/> ending at <paramref name="now"/>, from the claims opened in the last 90 days and
    /// the times the seller's orders were received.
    /// </summary>
    public static ClaimMetricsWindow For(int days, DateTimeOffset now, IReadOnlyCollection<Claim> claims, IReadOnlyCollection<DateTimeOffset> orders)
    {
        ArgumentNullException.ThrowIfNull(claims);
        ArgumentNullException.ThrowIfNull(orders);
        var since = now.AddDays(-days);
        var inWindow = claims.Where(c => c.OpenedAt >= since).ToList();
        var orderCount = orders.Count(o => o >= since);
        var impacts = inWindow.Select(ClaimImpact.For).OfType<string>().ToList();
        return new ClaimMetricsWindow(
            days, orderCount, inWindow.Count, orderCount == 0 ? 0 : Math.Round((double)inWindow.Count / orderCount, 4),
            inWindow.Count(c => c.IsFinal), impacts.Count,
            impacts.GroupBy(i => i, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal));
    }
}
