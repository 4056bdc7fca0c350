using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Marketplace.Workflows.Benchmarks;

/// <summary>
/// Refunds end to end (--refunds): N orders with totals, each claim opened and refunded in full through the API (16 at a
/// time), each refund's approval request received at a local finance system, then every refund approved through its
/// signed callback URL (16 at a time) and paid by a local payment system. Reports the time from each approval's answer
/// (the decision stored) to its payment request reaching the payment system, p50/p99/max, and any repeated payment.
/// Approvals go as fast as 16 in flight allow, or at --approval-rate R per second.
/// </summary>
internal static class RefundsRun
{
    public static async Task<int> RunAsync(BenchmarkOptions options, string connectionString)
    {
        await using var finance = await FinanceEndpoint.StartAsync();
        var settings = new Dictionary<string, string>(options.AppSettings, StringComparer.Ordinal)
        {
            ["Refunds:CallbackKey"] = "bench-refund-callback-key-" + Guid.NewGuid().ToString("N"),
            ["Refunds:FinanceWebhook:Url"] = finance.FinanceUrl.AbsoluteUri,
            ["Refunds:FinanceWebhook:Secret"] = FinanceEndpoint.FinanceSecret,
            ["Refunds:Payment:Url"] = finance.PaymentUrl.AbsoluteUri,
            ["Refunds:Payment:Secret"] = FinanceEndpoint.PaymentSecret,
        };
        using var app = await MarketplaceApp.StartAsync(connectionString, options.Sellers, options.ReplyWithin, options.RemindBefore, settings);
        Console.WriteLine($"Engine: {app.EngineSettings()}");
        await app.CreateOrdersAsync(options.Count, total: 49.90m);
        var failures = 0;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, options.Count), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            using var opened = await app.SendAsync(app.BuyerToken(i), HttpMethod.Post, "/api/claims",
                new { orderId = $"o-{i}", reason = "damaged", desiredResolution = "refund" });
            if (opened.StatusCode != HttpStatusCode.Created)
            {
                Interlocked.Increment(ref failures);
                return;
            }

            var id = (await opened.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetString();
            using var refunded = await app.SendAsync(app.SellerToken(app.SellerIds[i % app.SellerIds.Count]), HttpMethod.Post,
                $"/api/claims/{id}/actions/accept_full_refund");
            if (refunded.StatusCode != HttpStatusCode.OK)
            {
                Interlocked.Increment(ref failures);
            }
        });
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{options.Count} claims opened and refunded in {clock.Elapsed.TotalSeconds:F1} s; failures {failures}. Waiting for the approval requests."));
        if (!await WaitAsync(() => finance.ApproveUrls.Count >= options.Count - failures, options.StallLimit))
        {
            Console.WriteLine($"Only {finance.ApproveUrls.Count} approval requests arrived.");
            return 1;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{finance.ApproveUrls.Count} approval requests received {clock.Elapsed.TotalSeconds:F1} s after the first claim; approving them, 16 at a time."));
        var approvedAt = new System.Collections.Concurrent.ConcurrentDictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        clock.Restart();
        var paced = clock.Elapsed;
        var pace = new SemaphoreSlim(1);
        await Parallel.ForEachAsync(finance.ApproveUrls, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (pair, ct) =>
        {
            if (options.ApprovalRate > 0)
            {
                // --approval-rate R: approvals start at most R per second (below what the engine sustains, no backlog builds).
                await pace.WaitAsync(ct);
                var wait = paced - clock.Elapsed;
                paced = (wait > TimeSpan.Zero ? paced : clock.Elapsed) + TimeSpan.FromSeconds(1.0 / options.ApprovalRate);
                pace.Release();
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, ct);
                }
            }

            using var approved = await app.SendAnonymousAsync(HttpMethod.Post, pair.Value);
            if (approved.StatusCode == HttpStatusCode.OK)
            {
                approvedAt[pair.Key] = DateTimeOffset.UtcNow;
            }
            else
            {
                Interlocked.Increment(ref failures);
            }
        });
        var approving = clock.Elapsed.TotalSeconds;
        var allPaid = await WaitAsync(() => approvedAt.Keys.All(finance.PaidAt.ContainsKey), options.StallLimit);
        var total = clock.Elapsed.TotalSeconds;
        var latencies = approvedAt.Where(a => finance.PaidAt.ContainsKey(a.Key)).Select(a => finance.PaidAt[a.Key] - a.Value).Order().ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"approvals: {approvedAt.Count} in {approving:F1} s ({approvedAt.Count / approving:F1}/s); all paid {total:F1} s after the first approval: {allPaid}."));
        Console.WriteLine(Describe("approval → refund executed (payment request at the payment system)", approvedAt.Count, latencies));
        Console.WriteLine($"repeated payment requests: {finance.RepeatedPayments}; bad signatures: {finance.BadSignatures}; failures: {failures}.");
        return allPaid && failures == 0 && finance.BadSignatures == 0 ? 0 : 1;
    }

    private static string Describe(string what, int expected, List<TimeSpan> sorted)
    {
        if (sorted.Count == 0)
        {
            return $"{what}: none of {expected}";
        }

        TimeSpan At(double p) => sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Count) - 1)];
        return string.Create(CultureInfo.InvariantCulture,
            $"{what}, {sorted.Count}/{expected}: p50 {At(0.5).TotalMilliseconds:0} ms, p99 {At(0.99).TotalMilliseconds:0} ms, max {sorted[^1].TotalMilliseconds:0} ms");
    }

    private static async Task<bool> WaitAsync(Func<bool> done, TimeSpan stallLimit)
    {
        var deadline = DateTime.UtcNow + stallLimit + stallLimit;
        while (!done())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(100);
        }

        return true;
    }
}
