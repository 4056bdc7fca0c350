using System.Globalization;
using Marketplace.Functions.Hosting;
using Serverless.DurableTask.Worker;

namespace Marketplace.Functions.Durable;

/// <summary>
/// A task-hub queue as a queue-triggered function (custom-handler style): the Functions host hands over
/// one message; the runtime processes it and throws when it should be retried.
/// </summary>
internal sealed class DurableQueueFunction(string queueName, DurableTaskWorker worker) : IQueueFunction
{
    // "marketplacehub-control-00" → "DurableMarketplacehubControl00": function names are letters and digits.
    public string Name { get; } = "Durable" + string.Concat(queueName.Split('-').Select(part =>
        char.ToUpper(part[0], CultureInfo.InvariantCulture) + part[1..]));

    public string QueueName => queueName;

    // Self-hosted, the runtime's own polling worker drains the task hub (batched receives, in-memory hand-over).
    public bool SelfHostedPolling => false;

    public Task HandleAsync(QueueInvocation invocation, CancellationToken cancellationToken) =>
        worker.ProcessMessageAsync(queueName, invocation.MessageText, invocation.MessageId, invocation.DequeueCount, cancellationToken);
}
