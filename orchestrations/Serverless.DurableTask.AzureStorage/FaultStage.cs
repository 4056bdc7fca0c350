namespace Serverless.DurableTask.AzureStorage;

/// <summary>Named points inside a step where tests inject a crash (see the backend's internal FaultHook).</summary>
internal enum FaultStage
{
    /// <summary>The checkpoint transaction committed; nothing sent yet.</summary>
    AfterCommit,

    /// <summary>The outbox was sent; consumed messages and the outbox row are not yet deleted.</summary>
    AfterSend,

    /// <summary>An activity ran (its side effect happened) and its response is not yet sent: a crash "mid-activity".</summary>
    BeforeActivityResponse,

    /// <summary>An activity's response was sent; the activity message is not yet deleted.</summary>
    AfterActivityResponse,
}
