namespace Serverless.DurableTask.AzureStorage.Messaging;

/// <summary>
/// A parked message fired in memory when its bucket woke up: its row in the Timers table stays its durable copy
/// until the step that consumes the message deletes it (see <see cref="TimerParking"/>).
/// </summary>
internal sealed record ParkedReceipt(string Bucket, string RowKey);
