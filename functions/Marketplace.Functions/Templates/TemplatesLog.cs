namespace Marketplace.Functions.Templates;

/// <summary>Templates' and automations' log events: ids, versions, languages and outcomes only, never template or message text.</summary>
internal static partial class TemplatesLog
{
    [LoggerMessage(7201, LogLevel.Information, "Template {TemplateId} version {Version} translated into {Language} and kept")]
    public static partial void TemplateTranslated(ILogger logger, string templateId, int version, string language);

    [LoggerMessage(7202, LogLevel.Warning, "Template {TemplateId} version {Version} could not be translated into {Language} ({Failure}); sent in {SourceLanguage}")]
    public static partial void TemplateTranslationFailed(ILogger logger, string templateId, int version, string language, string failure, string sourceLanguage);

    [LoggerMessage(7210, LogLevel.Information, "Automation {AutomationId} for {ConversationId}: {Outcome}")]
    public static partial void AutomationOutcome(ILogger logger, string automationId, string conversationId, string outcome);

    [LoggerMessage(7211, LogLevel.Information, "Automation {AutomationId} scheduled for {ConversationId} ({Event}), instance {InstanceId}")]
    public static partial void AutomationScheduled(ILogger logger, string automationId, string conversationId, string @event, string instanceId);
}
