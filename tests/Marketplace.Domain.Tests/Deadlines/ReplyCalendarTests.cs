using Marketplace.Domain.Deadlines;

namespace Marketplace.Domain.Tests.Deadlines;

public sealed class ReplyCalendarTests
{
    [Fact]
    public void DueAt_CalendarHours_CountsWeekendsAndHolidays()
    {
        var fridayEvening = new DateTimeOffset(2026, 11, 27, 20, 0, 0, TimeSpan.Zero);

        Assert.Equal(fridayEvening.AddHours(24), ReplyCalendar.DueAt(fridayEvening, new ReplyDeadlineProfile()));
    }

    [Fact]
    public void DueAt_BusinessHours_SkipsNightsWeekendsAndHolidays()
    {
        var profile = new ReplyDeadlineProfile
        {
            BusinessHoursOnly = true,
            ReplyWithin = TimeSpan.FromHours(24),
            TimeZone = "Europe/Warsaw",
            Holidays = [new DateOnly(2026, 12, 1)],
        };
        // Friday 17:00 Warsaw (16:00 UTC): 1 h on Friday, Monday 9 h, Tuesday is a holiday, Wednesday 9 h, Thursday 5 h.
        var fridayAfternoon = new DateTimeOffset(2026, 11, 27, 16, 0, 0, TimeSpan.Zero);

        var due = ReplyCalendar.DueAt(fridayAfternoon, profile);

        Assert.Equal(new DateTimeOffset(2026, 12, 3, 14, 0, 0, TimeSpan.FromHours(1)), due);
    }

    [Fact]
    public void DueAt_BusinessHours_MessageBeforeOpening_StartsAtOpening()
    {
        var profile = new ReplyDeadlineProfile { BusinessHoursOnly = true, ReplyWithin = TimeSpan.FromHours(2) };
        var early = new DateTimeOffset(2026, 11, 23, 6, 30, 0, TimeSpan.Zero);

        Assert.Equal(new DateTimeOffset(2026, 11, 23, 11, 0, 0, TimeSpan.Zero), ReplyCalendar.DueAt(early, profile));
    }
}
