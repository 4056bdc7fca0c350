using System.Text.Json;
using Serverless.DurableTask.Backend;
using Serverless.DurableTask.History;
using Serverless.DurableTask.Serialization;

namespace Serverless.DurableTask.Tests.Engine;

public sealed class HistoryJsonTests
{
    private static readonly DateTimeOffset T = new(2026, 2, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void HistoryEvents_RoundTripThroughSourceGeneratedJson_KeepTypeAndValues()
    {
        var failure = new FailureDetails("System.InvalidOperationException", "boom", "at X", new FailureDetails("Inner", "cause"));
        List<HistoryEvent> events =
        [
            new ExecutionStartedEvent(-1, T, "Orch", "exec1", "{\"a\":1}", new ParentInstanceInfo("Parent", "p1", "pe1", 3), T.AddHours(1)) { MessageId = "m1" },
            new OrchestratorStartedEvent(-1, T),
            new TaskScheduledEvent(0, T, "Act", "\"in\""),
            new TaskCompletedEvent(-1, T, 0, "\"out\"") { MessageId = "m2" },
            new TaskFailedEvent(-1, T, 0, failure),
            new TimerCreatedEvent(1, T, T.AddDays(10)),
            new TimerFiredEvent(-1, T.AddDays(10), 1, T.AddDays(10)),
            new EventRaisedEvent(-1, T, "reply", "\"hi\""),
            new EventSentEvent(2, T, "other", "ping", null),
            new SubOrchestrationInstanceCreatedEvent(3, T, "Child", "c1", null),
            new SubOrchestrationInstanceCompletedEvent(-1, T, 3, "1"),
            new SubOrchestrationInstanceFailedEvent(-1, T, 3, failure),
            new ExecutionSuspendedEvent(-1, T, "why"),
            new ExecutionResumedEvent(-1, T, null),
            new ExecutionTerminatedEvent(-1, T, "\"stop\""),
            new ContinueAsNewEvent(-1, T, "2", "exec2"),
            new ExecutionCompletedEvent(-1, T, OrchestrationRuntimeStatus.Completed, "\"done\""),
            new OrchestratorCompletedEvent(-1, T),
            new GenericEvent(-1, T, "note"),
        ];

        string json = JsonSerializer.Serialize(events, DurableTaskJsonContext.Default.ListHistoryEvent);
        var back = JsonSerializer.Deserialize(json, DurableTaskJsonContext.Default.ListHistoryEvent)!;

        Assert.Equal(events, back);
        Assert.Contains("\"$type\":\"TimerFired\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void OrchestrationMessage_RoundTrip_DropsReceiveOnlyFields()
    {
        var message = new OrchestrationMessage
        {
            MessageId = "i|e|0|timer",
            InstanceId = "i",
            ExecutionId = "e",
            Event = new TimerFiredEvent(-1, T, 0, T),
            VisibleAt = T,
            DequeueCount = 4,
            Receipt = new object(),
        };

        string json = JsonSerializer.Serialize(message, DurableTaskJsonContext.Default.OrchestrationMessage);
        var back = JsonSerializer.Deserialize(json, DurableTaskJsonContext.Default.OrchestrationMessage)!;

        Assert.Equal(message with { DequeueCount = 0, Receipt = null }, back);
    }
}
