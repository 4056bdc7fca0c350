using Microsoft.DurableTask;

namespace Marketplace.DurableHosting;

/// <summary>An orchestrator or activity class this process runs, under the name callers schedule it by (its class name).</summary>
public sealed record DurableTaskRegistration(TaskName Name, Type Type, bool IsOrchestrator);
