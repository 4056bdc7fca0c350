using Microsoft.Extensions.Options;

namespace Marketplace.Functions.EventsOut;

/// <summary>Refuses a retry schedule whose first delay exceeds its cap (the doubling would never start).</summary>
internal sealed class EventsOutOptionsValidator : IValidateOptions<EventsOutOptions>
{
    public ValidateOptionsResult Validate(string? name, EventsOutOptions options) =>
        options.RetryDelay > options.MaxRetryDelay
            ? ValidateOptionsResult.Fail(
                $"{EventsOutOptions.Section}:{nameof(EventsOutOptions.RetryDelay)} ({options.RetryDelay}) must not exceed "
                + $"{EventsOutOptions.Section}:{nameof(EventsOutOptions.MaxRetryDelay)} ({options.MaxRetryDelay}).")
            : ValidateOptionsResult.Success;
}
