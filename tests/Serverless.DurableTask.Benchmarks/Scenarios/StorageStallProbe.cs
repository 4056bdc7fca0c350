using System.Diagnostics;
using Azure.Data.Tables;

namespace Serverless.DurableTask.Benchmarks.Scenarios;

/// <summary>
/// Reads one small row every 200 ms while a benchmark runs and remembers when storage took longer than a second to
/// answer: it tells a tail caused by the storage service (all requests stall) from one caused by the engine.
/// </summary>
internal sealed class StorageStallProbe : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan Stall = TimeSpan.FromSeconds(1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public StorageStallProbe(TableClient table) => _loop = RunAsync(table, _stop.Token);

    /// <summary>When a read started and how long it took, for reads slower than a second.</summary>
    public List<(DateTime At, TimeSpan Took)> Stalls { get; } = [];

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    private async Task RunAsync(TableClient table, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            DateTime at = DateTime.UtcNow;
            var watch = Stopwatch.StartNew();
            try
            {
                await table.GetEntityIfExistsAsync<TableEntity>("probe", "probe", cancellationToken: cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (watch.Elapsed > Stall)
            {
                lock (Stalls)
                {
                    Stalls.Add((at, watch.Elapsed));
                }
            }

            try
            {
                await Task.Delay(Interval, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
