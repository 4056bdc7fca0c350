using Marketplace.Functions.Configuration;
using Microsoft.Extensions.Options;

namespace Marketplace.Functions.Worker;

/// <summary>
/// In Azure the queue triggers name their queues in code (the Functions host polls them), so a storage name prefix would
/// split the app from its own queues: refused at start-up. Separate apps by storage account there.
/// </summary>
internal sealed class WorkerStorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options) =>
        string.IsNullOrEmpty(options?.NamePrefix)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                "Storage:NamePrefix must be empty in a Functions app: its queue triggers name the queues without a prefix. Give each app its own storage account.");
}
