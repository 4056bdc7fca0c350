using Microsoft.Extensions.Options;

namespace Marketplace.Functions.Configuration;

/// <summary>
/// Refuses to start with queue-processing settings storage or the host would not accept, or with a function's
/// AzureWebJobs.&lt;name&gt;.Disabled setting that is not true or false (a typo must not leave a function running or stopped by accident).
/// </summary>
internal sealed class HostingOptionsValidator(IConfiguration configuration) : IValidateOptions<HostingOptions>
{
    public ValidateOptionsResult Validate(string? name, HostingOptions options)
    {
        const string S = HostingOptions.Section;
        var failures = new List<string>();
        if (options.MaxDequeueCount is < 1 or > 100)
        {
            failures.Add($"{S}:MaxDequeueCount must be from 1 to 100 (keep it equal to host.json's extensions.queues.maxDequeueCount).");
        }

        if (options.BatchSize is < 1 or > 32)
        {
            failures.Add($"{S}:BatchSize must be from 1 to 32 (a storage queue receives at most 32 messages at once).");
        }

        if (options.Concurrency is < 1 or > 256)
        {
            failures.Add($"{S}:Concurrency must be from 1 to 256.");
        }

        if (options.PollInterval < TimeSpan.FromMilliseconds(10) || options.PollInterval > TimeSpan.FromMinutes(1))
        {
            failures.Add($"{S}:PollInterval must be between 00:00:00.010 and 00:01:00.");
        }

        if (options.VisibilityTimeout < TimeSpan.FromSeconds(1) || options.VisibilityTimeout > TimeSpan.FromDays(7))
        {
            failures.Add($"{S}:VisibilityTimeout must be between 00:00:01 and 7.00:00:00.");
        }

        if (options.RetryDelay < TimeSpan.Zero || options.RetryDelay > options.MaxRetryDelay)
        {
            failures.Add($"{S}:RetryDelay must be from 00:00:00 to {S}:MaxRetryDelay.");
        }

        if (options.MaxRetryDelay > TimeSpan.FromDays(7))
        {
            failures.Add($"{S}:MaxRetryDelay must be at most 7.00:00:00 (a storage queue's limit).");
        }

        foreach (var (key, value) in configuration.AsEnumerable())
        {
            if (key.StartsWith("AzureWebJobs.", StringComparison.OrdinalIgnoreCase) && key.EndsWith(".Disabled", StringComparison.OrdinalIgnoreCase)
                && !bool.TryParse(value, out _))
            {
                failures.Add($"{key} must be true or false.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
