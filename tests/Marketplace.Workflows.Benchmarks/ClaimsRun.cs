using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Marketplace.Workflows.Benchmarks;

/// <summary>
/// Claims through the API (--claims): N orders with totals, then for each, 16 at a time, the buyer opens a claim (its
/// thread, first message and 72-hour window workflow included) and the seller refunds it in full. Reports claims opened
/// and resolved per second, and the latency of the open and of the action (p50/p99/max).
/// </summary>
internal static class ClaimsRun
{
    public static async Task<int> RunAsync(BenchmarkOptions options, string connectionString)
    {
        using var app = await MarketplaceApp.StartAsync(connectionString, options.Sellers, options.ReplyWithin, options.RemindBefore, options.AppSettings);
        Console.WriteLine($"Engine: {app.EngineSettings()}");
        await app.CreateOrdersAsync(options.Count, total: 49.90m);
        Console.WriteLine($"{options.Count} orders stored; opening and resolving {options.Count} claims, 16 at a time.");

        var opens = new TimeSpan[options.Count];
        var actions = new TimeSpan[options.Count];
        var failures = 0;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, options.Count), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            var started = Stopwatch.GetTimestamp();
            using var opened = await app.SendAsync(app.BuyerToken(i), HttpMethod.Post, "/api/claims",
                new { orderId = $"o-{i}", reason = "damaged", desiredResolution = "refund", description = "The shade arrived cracked." });
            opens[i] = Stopwatch.GetElapsedTime(started);
            if (opened.StatusCode != HttpStatusCode.Created)
            {
                Interlocked.Increment(ref failures);
                return;
            }

            var id = (await opened.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetString();
            var seller = app.SellerIds[i % app.SellerIds.Count];
            started = Stopwatch.GetTimestamp();
            using var refunded = await app.SendAsync(app.SellerToken(seller), HttpMethod.Post, $"/api/claims/{id}/actions/accept_full_refund");
            actions[i] = Stopwatch.GetElapsedTime(started);
            if (refunded.StatusCode != HttpStatusCode.OK)
            {
                Interlocked.Increment(ref failures);
            }
        });
        var seconds = clock.Elapsed.TotalSeconds;

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"claims: {options.Count} opened and refunded in {seconds:F1} s: {options.Count / seconds:F1} claims/s; failures {failures}."));
        Lateness.Report("  open (POST /api/claims) latency", options.Count, opens);
        Lateness.Report("  action (accept_full_refund) latency", options.Count, actions);
        return failures == 0 ? 0 : 1;
    }
}
