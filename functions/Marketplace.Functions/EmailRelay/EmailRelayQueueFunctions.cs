using System.Text.Json;
using Marketplace.Functions.Hosting;
using Marketplace.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Marketplace.Functions.EmailRelay;

/// <summary>
/// The relay's queue functions: storing accepted inbound mail as messages, and emailing delivered messages. A failure is
/// retried with the host's backoff and, after the last delivery, lands in the queue's poison queue (dead letters).
/// </summary>
internal sealed class EmailRelayQueueFunctions(QueueFunctionInvoker invoker, InboundEmailProcessor inbound, ConversationMailer mailer)
{
    public const string ProcessInboundEmailName = "ProcessInboundEmail";
    public const string SendConversationEmailsName = "SendConversationEmails";

    [Function(ProcessInboundEmailName)]
    public Task ProcessInboundEmailAsync(
        [QueueTrigger(StorageNames.InboundEmailsQueueName, Connection = "AzureWebJobsStorage")] string message,
        string id, long dequeueCount, DateTimeOffset? insertionTime, [DurableClient] DurableTaskClient durable, CancellationToken cancellationToken) =>
        invoker.RunAsync(ProcessInboundEmailName, StorageNames.InboundEmailsQueueName, new QueueInvocation(id, message, dequeueCount, insertionTime),
            ct => inbound.RunAsync(
                JsonSerializer.Deserialize(message, EmailRelayJsonContext.Default.InboundEmailJob) ?? throw new InvalidOperationException("The queue message is empty."),
                durable, ct),
            cancellationToken);

    [Function(SendConversationEmailsName)]
    public Task SendConversationEmailsAsync(
        [QueueTrigger(StorageNames.EmailNotificationsQueueName, Connection = "AzureWebJobsStorage")] string message,
        string id, long dequeueCount, DateTimeOffset? insertionTime, CancellationToken cancellationToken) =>
        invoker.RunAsync(SendConversationEmailsName, StorageNames.EmailNotificationsQueueName, new QueueInvocation(id, message, dequeueCount, insertionTime),
            ct => mailer.RunAsync(
                JsonSerializer.Deserialize(message, EmailRelayJsonContext.Default.EmailKick) ?? throw new InvalidOperationException("The queue message is empty."),
                ct),
            cancellationToken);
}
