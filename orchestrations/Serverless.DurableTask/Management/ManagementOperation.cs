namespace Serverless.DurableTask.Management;

/// <summary>The operations a per-instance signed management URL can be scoped to.</summary>
public enum ManagementOperation
{
    Status,
    SendEvent,
    Terminate,
    Suspend,
    Resume,
    Purge,
}
