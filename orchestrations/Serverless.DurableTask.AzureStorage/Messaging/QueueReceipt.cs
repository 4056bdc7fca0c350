using Azure.Storage.Queues;

namespace Serverless.DurableTask.AzureStorage.Messaging;

/// <summary>Identifies one delivery of a queue message, so it can be deleted or released later.</summary>
internal sealed record QueueReceipt(QueueClient Queue, string QueueMessageId, string PopReceipt);
