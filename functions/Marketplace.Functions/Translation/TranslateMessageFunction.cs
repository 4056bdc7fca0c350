using System.Text.Json;
using Marketplace.Functions.Hosting;
using Marketplace.Storage;
using Microsoft.Azure.Functions.Worker;

namespace Marketplace.Functions.Translation;

/// <summary>The queue function behind <see cref="MessageTranslations"/>: makes one queued translation, or queues its retry.</summary>
internal sealed class TranslateMessageFunction(QueueFunctionInvoker invoker, MessageTranslations translations)
{
    public const string Name = "TranslateMessage";

    [Function(Name)]
    public Task RunAsync(
        [QueueTrigger(StorageNames.MessageTranslationsQueueName, Connection = "AzureWebJobsStorage")] string message,
        string id, long dequeueCount, DateTimeOffset? insertionTime, CancellationToken cancellationToken) =>
        invoker.RunAsync(Name, StorageNames.MessageTranslationsQueueName, new QueueInvocation(id, message, dequeueCount, insertionTime),
            ct => translations.RunAsync(
                JsonSerializer.Deserialize(message, TranslationJsonContext.Default.TranslationJob) ?? throw new InvalidOperationException("The queue message is empty."),
                ct),
            cancellationToken);
}
