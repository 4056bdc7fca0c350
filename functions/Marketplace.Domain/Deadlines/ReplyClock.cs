namespace Marketplace.Domain.Deadlines;

/// <summary>
/// When a seller's reply clock starts. Vacation mode: for orders placed during an away period, and for
/// pre-sale questions asked during one, the clock starts when the period ends; conversations about
/// orders placed before it keep their normal clock.
/// </summary>
public static class ReplyClock
{
    /// <param name="firstUnansweredAt">When the earliest unanswered buyer message arrived.</param>
    /// <param name="orderPlacedAt">When the order was placed; null for a pre-sale question (its own time counts).</param>
    public static DateTimeOffset StartsAt(DateTimeOffset firstUnansweredAt, DateTimeOffset? orderPlacedAt, IEnumerable<VacationPeriod> vacations)
    {
        var reference = orderPlacedAt ?? firstUnansweredAt;
        var start = firstUnansweredAt;
        foreach (var vacation in vacations.OrderBy(v => v.Start))
        {
            if (vacation.Contains(reference) && vacation.End > start)
            {
                start = vacation.End;
            }
        }

        return start;
    }
}
