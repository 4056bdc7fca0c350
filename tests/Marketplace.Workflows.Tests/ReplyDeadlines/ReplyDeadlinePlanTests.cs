using Marketplace.Domain.Deadlines;
using Marketplace.Workflows.ReplyDeadlines;

namespace Marketplace.Workflows.Tests.ReplyDeadlines;

/// <summary>
/// The plan with the product's own profile, unscaled: the orchestration tests run a scaled copy of it, so the real
/// durations are checked here.
/// </summary>
public sealed class ReplyDeadlinePlanTests
{
    private static readonly DateTimeOffset s_message = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void For_DefaultProfile_DueIn24Hours_RemindersSixHoursAndOneHourBefore_GiveUpSevenDaysAfter()
    {
        var input = ReplyDeadlinePlan.For("amazon~o~o-1", "amazon", "s-1", s_message, s_message.AddDays(-1), [], new ReplyDeadlineProfile());

        Assert.Equal(s_message, input.ClockStartsAt);
        Assert.Equal(s_message.AddHours(24), input.DueAt);
        Assert.Equal([s_message.AddHours(18), s_message.AddHours(23)], input.RemindAt);
        Assert.Equal(s_message.AddDays(8), input.GiveUpAt);
        Assert.Equal((5, TimeSpan.FromSeconds(30)), (input.NotificationAttempts, input.NotificationFirstRetry));
    }

    [Fact]
    public void For_OrderPlacedDuringVacation_ClockAndRemindersStartWhenItEnds()
    {
        var away = new VacationPeriod(s_message.AddDays(-1), s_message.AddDays(2));

        var input = ReplyDeadlinePlan.For("amazon~o~o-1", "amazon", "s-1", s_message, s_message.AddHours(-1), [away], new ReplyDeadlineProfile());

        Assert.Equal(s_message, input.FirstUnansweredAt);
        Assert.Equal(away.End, input.ClockStartsAt);
        Assert.Equal(away.End.AddHours(24), input.DueAt);
        Assert.Equal([away.End.AddHours(18), away.End.AddHours(23)], input.RemindAt);
    }

    [Fact]
    public void For_ReminderBeforeTheClockStarts_IsDropped()
    {
        var profile = new ReplyDeadlineProfile { ReplyWithin = TimeSpan.FromHours(4) };

        var input = ReplyDeadlinePlan.For("amazon~o~o-1", "amazon", "s-1", s_message, null, [], profile);

        Assert.Equal([s_message.AddHours(3)], input.RemindAt);
    }
}
