namespace Marketplace.Domain.Deadlines;

/// <summary>A seller's away period: [Start, End).</summary>
public sealed record VacationPeriod(DateTimeOffset Start, DateTimeOffset End)
{
    public bool Contains(DateTimeOffset instant) => instant >= Start && instant < End;
}
