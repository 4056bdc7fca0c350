namespace Marketplace.Functions.Configuration;

/// <summary>How queue functions are invoked.</summary>
public enum HostingMode
{
    /// <summary>The app polls its queues itself (local runs, containers).</summary>
    SelfHosted,

    /// <summary>The Azure Functions host polls the queues and posts each message to POST /{FunctionName}.</summary>
    CustomHandler,
}
