using Microsoft.DurableTask;

namespace Marketplace.Workflows.Automations;

/// <summary>Sends an automation's message (idempotent); returns the outcome.</summary>
public sealed class SendAutomatedMessageActivity(IAutomationSender sender) : TaskActivity<AutomationInput, string>
{
    public override Task<string> RunAsync(TaskActivityContext context, AutomationInput input) => sender.SendAsync(input, CancellationToken.None);
}
