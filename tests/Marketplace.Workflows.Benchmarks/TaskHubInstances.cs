using Azure;
using Azure.Data.Tables;

namespace Marketplace.Workflows.Benchmarks;

/// <summary>
/// The task hub's instances table ("{hub}Instances": DurableTask.AzureStorage keeps one row per orchestration with its
/// runtime status and output), read directly as an operator's tool would, so it answers while the app is down.
/// </summary>
internal sealed class TaskHubInstances(string connectionString, string taskHubName)
{
    private readonly TableClient _table = new(connectionString, taskHubName + "Instances");

    /// <summary>How many orchestrations are in each runtime status and, for those that finished, with which output.</summary>
    public async Task<IReadOnlyList<(string Status, string? Output, int Count)>> CountAsync()
    {
        var rows = new List<(string Status, string? Output)>();
        try
        {
            await foreach (var row in _table.QueryAsync<TableEntity>(select: ["RuntimeStatus", "Output"]))
            {
                rows.Add((row.GetString("RuntimeStatus") ?? "?", row.GetString("Output")));
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // The hub is not created yet.
        }

        return [.. rows.GroupBy(r => r).Select(g => (g.Key.Status, g.Key.Output, g.Count())).OrderByDescending(g => g.Item3)];
    }

    /// <summary>Orchestrations whose status is Completed.</summary>
    public async Task<int> CompletedAsync()
    {
        var completed = 0;
        try
        {
            await foreach (var unused in _table.QueryAsync<TableEntity>("RuntimeStatus eq 'Completed'", select: ["RuntimeStatus"]))
            {
                completed++;
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // The hub is not created yet.
        }

        return completed;
    }
}
