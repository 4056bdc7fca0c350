namespace Marketplace.Domain.Deadlines;

/// <summary>
/// How long a seller has to answer a buyer, and on what calendar: 24 calendar hours by default (weekends and
/// holidays included, as Amazon counts), or business hours with holidays for marketplaces that count them.
/// </summary>
public sealed class ReplyDeadlineProfile
{
    public TimeSpan ReplyWithin { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Count only business hours (<see cref="BusinessDays"/>, <see cref="BusinessDayStart"/>–<see cref="BusinessDayEnd"/>, not <see cref="Holidays"/>).</summary>
    public bool BusinessHoursOnly { get; set; }

    /// <summary>The time zone business hours are counted in (an IANA id such as "Europe/Warsaw").</summary>
    public string TimeZone { get; set; } = "UTC";

    public TimeOnly BusinessDayStart { get; set; } = new(9, 0);

    public TimeOnly BusinessDayEnd { get; set; } = new(18, 0);

    public IList<DayOfWeek> BusinessDays { get; init; } =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    public IList<DateOnly> Holidays { get; init; } = [];

    /// <summary>Reminders go this long before the deadline (default 6 h and 1 h).</summary>
    public IList<TimeSpan> ReminderOffsets { get; init; } = [TimeSpan.FromHours(6), TimeSpan.FromHours(1)];

    /// <summary>After a breach, keep waiting this long for the reply so the real response time is known.</summary>
    public TimeSpan KeepWaitingAfterBreach { get; set; } = TimeSpan.FromDays(7);
}
