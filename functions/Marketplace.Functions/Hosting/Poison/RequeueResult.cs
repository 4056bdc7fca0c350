namespace Marketplace.Functions.Hosting;

/// <summary>How many poison messages were moved back to their source queue.</summary>
public sealed record RequeueResult(string Queue, int Requeued);
