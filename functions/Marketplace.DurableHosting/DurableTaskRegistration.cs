using Microsoft.DurableTask;

namespace Marketplace.DurableHosting;

/// <summary>
/// An orchestrator or activity this process runs, under the name callers schedule it by, and how to make one (each
/// execution gets a new instance, as the shims expect).
/// </summary>
public sealed record DurableTaskRegistration(TaskName Name, bool IsOrchestrator, Func<IServiceProvider, object> Create);
