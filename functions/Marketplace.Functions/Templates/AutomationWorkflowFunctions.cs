using Marketplace.Functions.Durable;
using Marketplace.Workflows.Automations;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Marketplace.Functions.Templates;

/// <summary>The automation workflow as Durable functions: one-line wrappers named after the classes they run.</summary>
internal static class AutomationOrchestratorFunction
{
    [Function(nameof(AutomationOrchestrator))]
    public static Task<string> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new AutomationOrchestrator().RunAsync(context, context.GetInput<AutomationInput>()!);
}

/// <summary>Sends an automation's message (the send appends through the conversation path, which needs the Durable client for deadlines).</summary>
internal sealed class SendAutomatedMessageFunction(AutomationSender sender)
{
    [Function(nameof(SendAutomatedMessageActivity))]
    public Task<string> RunAsync([ActivityTrigger] AutomationInput input, string instanceId, [DurableClient] DurableTaskClient durable) =>
        new SendAutomatedMessageActivity(sender.With(durable)).RunAsync(new FunctionActivityContext(nameof(SendAutomatedMessageActivity), instanceId), input);
}
