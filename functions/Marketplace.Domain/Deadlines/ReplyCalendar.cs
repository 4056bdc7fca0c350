namespace Marketplace.Domain.Deadlines;

/// <summary>Computes a reply deadline from the moment the clock starts, on the profile's calendar.</summary>
public static class ReplyCalendar
{
    public static DateTimeOffset DueAt(DateTimeOffset clockStart, ReplyDeadlineProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (!profile.BusinessHoursOnly)
        {
            return clockStart + profile.ReplyWithin;
        }

        if (profile.BusinessDayEnd <= profile.BusinessDayStart || profile.BusinessDays.Count == 0)
        {
            throw new ArgumentException("Business hours need a start before the end and at least one business day.", nameof(profile));
        }

        var zone = TimeZoneInfo.FindSystemTimeZoneById(profile.TimeZone);
        var remaining = profile.ReplyWithin;
        var local = TimeZoneInfo.ConvertTime(clockStart, zone);
        var day = DateOnly.FromDateTime(local.DateTime);
        // Walk day by day, spending the remaining business time inside each day's window.
        for (var guard = 0; guard < 3660; guard++, day = day.AddDays(1))
        {
            if (!profile.BusinessDays.Contains(day.DayOfWeek) || profile.Holidays.Contains(day))
            {
                continue;
            }

            var windowStart = At(day, profile.BusinessDayStart, zone);
            var windowEnd = At(day, profile.BusinessDayEnd, zone);
            var from = clockStart > windowStart ? clockStart : windowStart;
            if (from >= windowEnd)
            {
                continue;
            }

            var available = windowEnd - from;
            if (available >= remaining)
            {
                return from + remaining;
            }

            remaining -= available;
        }

        throw new InvalidOperationException("No business hours found within ten years; check the profile's calendar.");
    }

    private static DateTimeOffset At(DateOnly day, TimeOnly time, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(time, DateTimeKind.Unspecified);
        // A local time skipped by a daylight-saving jump is taken an hour later.
        while (zone.IsInvalidTime(local))
        {
            local = local.AddHours(1);
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }
}
