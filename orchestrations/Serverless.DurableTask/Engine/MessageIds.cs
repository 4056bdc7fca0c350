using System.Globalization;

namespace Serverless.DurableTask.Engine;

/// <summary>Deterministic message ids: a re-sent outbox or a re-run activity produces the same id, which the receiver drops.</summary>
internal static class MessageIds
{
    public static string Activity(string instanceId, string executionId, int taskId) => Format(instanceId, executionId, taskId, "activity");

    public static string ActivityResult(string instanceId, string executionId, int taskId) => Format(instanceId, executionId, taskId, "result");

    public static string Timer(string instanceId, string executionId, int taskId) => Format(instanceId, executionId, taskId, "timer");

    public static string SubOrchestration(string instanceId, string executionId, int taskId) => Format(instanceId, executionId, taskId, "suborchestration");

    public static string SentEvent(string instanceId, string executionId, int taskId) => Format(instanceId, executionId, taskId, "event");

    public static string ParentNotification(string instanceId, string executionId) => $"{instanceId}|{executionId}|done";

    public static string Start(string instanceId, string executionId) => $"{instanceId}|{executionId}|start";

    public static string CarriedEvent(string instanceId, string executionId, int index)
        => string.Create(CultureInfo.InvariantCulture, $"{instanceId}|{executionId}|carry|{index}");

    private static string Format(string instanceId, string executionId, int taskId, string kind)
        => string.Create(CultureInfo.InvariantCulture, $"{instanceId}|{executionId}|{taskId}|{kind}");
}
