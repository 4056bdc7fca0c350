using System.Reflection;

namespace Marketplace.Functions.Hosting;

/// <summary>An orchestrator or activity function: the name orchestrations call it by, and its wrapper method.</summary>
public sealed record DurableFunctionDefinition(string Name, bool IsOrchestrator, MethodInfo Method);
