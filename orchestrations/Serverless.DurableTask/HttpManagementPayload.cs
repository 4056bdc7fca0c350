namespace Serverless.DurableTask;

/// <summary>Signed per-instance management URLs, shaped like Durable Functions' HTTP management payload.</summary>
/// <remarks>Each URL is signed for one instance and one operation; <see cref="SendEventPostUri"/> contains an <c>{eventName}</c> placeholder.</remarks>
public sealed record HttpManagementPayload(
    string Id,
    Uri StatusQueryGetUri,
    string SendEventPostUri,
    Uri TerminatePostUri,
    Uri SuspendPostUri,
    Uri ResumePostUri,
    Uri PurgeHistoryDeleteUri);
