using Microsoft.Extensions.Options;

namespace Marketplace.Functions.Deadlines;

/// <summary>Refuses to start with loopback webhooks allowed anywhere but in the Development environment.</summary>
internal sealed class DeadlineOptionsValidator(IHostEnvironment environment) : IValidateOptions<DeadlineOptions>
{
    public ValidateOptionsResult Validate(string? name, DeadlineOptions options) =>
        options.AllowLoopbackWebhooks && !environment.IsDevelopment()
            ? ValidateOptionsResult.Fail(
                $"{DeadlineOptions.Section}:{nameof(DeadlineOptions.AllowLoopbackWebhooks)} may be true only in the Development environment "
                + $"(this one is '{environment.EnvironmentName}'): it lets sellers point webhooks at this machine.")
            : ValidateOptionsResult.Success;
}
