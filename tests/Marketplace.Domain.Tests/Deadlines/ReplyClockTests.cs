using Marketplace.Domain.Deadlines;

namespace Marketplace.Domain.Tests.Deadlines;

public sealed class ReplyClockTests
{
    private static readonly VacationPeriod s_christmas = new(
        new DateTimeOffset(2026, 12, 20, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 27, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public void StartsAt_OrderPlacedDuringVacation_StartsWhenItEnds()
    {
        var placed = new DateTimeOffset(2026, 12, 21, 10, 0, 0, TimeSpan.Zero);

        Assert.Equal(s_christmas.End, ReplyClock.StartsAt(placed.AddHours(2), placed, [s_christmas]));
    }

    [Fact]
    public void StartsAt_OrderPlacedBeforeVacation_KeepsItsNormalClock()
    {
        var placed = new DateTimeOffset(2026, 12, 15, 10, 0, 0, TimeSpan.Zero);
        var message = new DateTimeOffset(2026, 12, 22, 9, 0, 0, TimeSpan.Zero);

        Assert.Equal(message, ReplyClock.StartsAt(message, placed, [s_christmas]));
    }

    [Fact]
    public void StartsAt_OrderPlacedAfterVacation_IsTheMessageTime()
    {
        var placed = new DateTimeOffset(2026, 12, 28, 10, 0, 0, TimeSpan.Zero);

        Assert.Equal(placed.AddHours(1), ReplyClock.StartsAt(placed.AddHours(1), placed, [s_christmas]));
    }

    [Fact]
    public void StartsAt_QuestionAskedDuringVacation_StartsWhenItEnds()
    {
        var asked = new DateTimeOffset(2026, 12, 23, 10, 0, 0, TimeSpan.Zero);

        Assert.Equal(s_christmas.End, ReplyClock.StartsAt(asked, orderPlacedAt: null, [s_christmas]));
    }

    [Fact]
    public void StartsAt_MessageAfterVacationAboutAnOrderPlacedDuringIt_IsTheMessageTime()
    {
        var placed = new DateTimeOffset(2026, 12, 21, 10, 0, 0, TimeSpan.Zero);
        var message = s_christmas.End.AddDays(2);

        Assert.Equal(message, ReplyClock.StartsAt(message, placed, [s_christmas]));
    }
}
