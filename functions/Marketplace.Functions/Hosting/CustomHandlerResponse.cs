namespace Marketplace.Functions.Hosting;

/// <summary>What a custom handler answers the Functions host for a non-HTTP invocation.</summary>
/// <param name="Outputs">Values of output bindings by name (queue functions here have none).</param>
/// <param name="Logs">Lines the host writes to its own log for this invocation.</param>
/// <param name="ReturnValue">The "$return" binding's value (unused).</param>
public sealed record CustomHandlerResponse(IReadOnlyDictionary<string, string> Outputs, IReadOnlyList<string> Logs, string? ReturnValue)
{
    public static CustomHandlerResponse Success { get; } = new(new Dictionary<string, string>(), [], null);

    public static CustomHandlerResponse Failure(string log) => new(new Dictionary<string, string>(), [log], null);
}
