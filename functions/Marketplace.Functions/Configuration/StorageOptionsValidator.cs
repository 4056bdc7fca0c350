using Microsoft.Extensions.Options;

namespace Marketplace.Functions.Configuration;

/// <summary>Refuses to start without a way to reach storage, or with a name prefix storage would reject.</summary>
internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.AccountName) && string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add($"{StorageOptions.Section}:ConnectionString or {StorageOptions.Section}:AccountName must be set " +
                $"(locally \"{StorageOptions.DevelopmentConnectionString}\" reaches Azurite).");
        }

        if (!string.IsNullOrWhiteSpace(options.AccountName)
            && (options.AccountName.Length is < 3 or > 24 || !options.AccountName.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c))))
        {
            failures.Add($"{StorageOptions.Section}:AccountName must be a storage account name: 3-24 lowercase letters and digits.");
        }

        if (!StorageOptions.IsValidPrefix(options.NamePrefix))
        {
            failures.Add($"{StorageOptions.Section}:NamePrefix must be empty or 1-24 lowercase letters and digits starting with a letter.");
        }

        if (options.MaxRetries is < 0 or > 10)
        {
            failures.Add($"{StorageOptions.Section}:MaxRetries must be between 0 and 10.");
        }

        if (options.RetryDelay < TimeSpan.Zero || options.RetryDelay > TimeSpan.FromSeconds(10))
        {
            failures.Add($"{StorageOptions.Section}:RetryDelay must be between 00:00:00 and 00:00:10.");
        }

        if (options.TryTimeout < TimeSpan.FromMilliseconds(100) || options.TryTimeout > TimeSpan.FromMinutes(5))
        {
            failures.Add($"{StorageOptions.Section}:TryTimeout must be between 00:00:00.1 and 00:05:00.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
