namespace Marketplace.Workflows.Tests;

/// <summary>
/// A scenario's time on the wall clock, scaled down: the tests speak in the product's hours and days, the in-process
/// host (whose timers run on the wall clock) lives them in milliseconds. Scenario time zero is <see cref="Origin"/>;
/// instants are built from it, never read from the clock, so they map back exactly (<see cref="Unscale"/>).
/// </summary>
internal sealed class ScaledTime
{
    /// <summary>Where scaled instants map back to: scenario time zero, unscaled.</summary>
    public static readonly DateTimeOffset Epoch = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    private readonly long _speedUp;

    /// <param name="oneHour">What a scenario hour lasts on the wall clock (a whole divisor of an hour).</param>
    /// <param name="nowIs">The scenario time that is now: a scenario whose first hours hold no event starts past them.</param>
    public ScaledTime(TimeSpan oneHour, TimeSpan nowIs = default)
    {
        if (oneHour <= TimeSpan.Zero || TimeSpan.TicksPerHour % oneHour.Ticks != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(oneHour), oneHour, "A scaled hour must divide an hour exactly.");
        }

        _speedUp = TimeSpan.TicksPerHour / oneHour.Ticks;
        Origin = DateTimeOffset.UtcNow - Scale(nowIs);
    }

    /// <summary>The wall-clock instant of scenario time zero.</summary>
    public DateTimeOffset Origin { get; }

    public TimeSpan Scale(TimeSpan scenario) => TimeSpan.FromTicks(scenario.Ticks / _speedUp);

    /// <summary>The wall-clock instant of a scenario time.</summary>
    public DateTimeOffset At(TimeSpan sinceStart) => Origin + Scale(sinceStart);

    /// <summary>A scaled wall-clock instant as the scenario's unscaled one (from <see cref="Epoch"/>).</summary>
    public DateTimeOffset Unscale(DateTimeOffset instant) => Epoch + TimeSpan.FromTicks((instant - Origin).Ticks * _speedUp);

    /// <summary>Waits until the wall clock has reached the scenario time (Task.Delay may end a little early: check again).</summary>
    public async Task UntilAsync(TimeSpan sinceStart)
    {
        var at = At(sinceStart);
        for (var left = at - DateTimeOffset.UtcNow; left > TimeSpan.Zero; left = at - DateTimeOffset.UtcNow)
        {
            await Task.Delay(left < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : left);
        }
    }
}
