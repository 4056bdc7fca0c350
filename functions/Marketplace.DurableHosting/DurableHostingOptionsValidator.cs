using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Marketplace.DurableHosting;

/// <summary>Refuses settings the engine would reject later, naming the setting.</summary>
internal sealed partial class DurableHostingOptionsValidator : IValidateOptions<DurableHostingOptions>
{
    public ValidateOptionsResult Validate(string? name, DurableHostingOptions options)
    {
        var section = DurableHostingOptions.Section;
        var failures = new List<string>();
        if (!HubName().IsMatch(options.TaskHubName))
        {
            failures.Add($"{section}:TaskHubName must be 3-45 letters and digits, starting with a letter.");
        }

        if (options.PartitionCount is < 1 or > 16)
        {
            failures.Add($"{section}:PartitionCount must be from 1 to 16.");
        }

        if (options.MaxQueuePollingInterval < TimeSpan.FromMilliseconds(100) || options.MaxQueuePollingInterval > TimeSpan.FromMinutes(1))
        {
            failures.Add($"{section}:MaxQueuePollingInterval must be between 00:00:00.1 and 00:01:00.");
        }

        if (options.MessageVisibilityTimeout < TimeSpan.FromSeconds(5) || options.MessageVisibilityTimeout > TimeSpan.FromMinutes(10))
        {
            failures.Add($"{section}:MessageVisibilityTimeout must be between 00:00:05 and 00:10:00.");
        }

        if (options.MaxConcurrentActivities is < 1 or > 1000 || options.MaxConcurrentOrchestrations is < 1 or > 1000)
        {
            failures.Add($"{section}:MaxConcurrentActivities and {section}:MaxConcurrentOrchestrations must be from 1 to 1000.");
        }

        if (options.SystemKey.Length < 32)
        {
            failures.Add($"{section}:SystemKey must be at least 32 characters (it authorizes the management API).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,44}$", RegexOptions.CultureInvariant)]
    private static partial Regex HubName();
}
