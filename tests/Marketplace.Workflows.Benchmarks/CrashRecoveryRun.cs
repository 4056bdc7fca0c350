using System.Diagnostics;
using System.Globalization;

namespace Marketplace.Workflows.Benchmarks;

/// <summary>
/// Kill -9 recovery: N reply deadlines that nobody answers (each reminds, breaches, then gives up after a short wait, so
/// every orchestration completes); the app is killed with SIGKILL while reminders are falling due and started again at
/// once with the same settings. It reports, as times after the kill, when the app listened again, when the first and the
/// last notification held up by the crash (due by the time the app listened again, not delivered before the kill)
/// reached the seller, when every notification had arrived and every orchestration had completed, and whether any
/// notification was duplicated or early (counted at the seller's endpoint, by idempotency key and by deadline).
/// </summary>
internal static class CrashRecoveryRun
{
    public static async Task<int> RunAsync(BenchmarkOptions options, string connectionString)
    {
        var (count, rate, replyWithin, remindBefore, keepWaiting) =
            (options.Count, options.Rate, options.ReplyWithin, options.RemindBefore, options.KeepWaitingAfterBreach);
        var killAfter = options.KillAfter!.Value;
        Console.WriteLine($"Crash recovery: {count} deadlines for {options.Sellers} sellers, buyer messages posted at {rate}/s; deadline {replyWithin.TotalSeconds:0} s, " +
            $"reminder {remindBefore.TotalSeconds:0} s before it, giving up {keepWaiting.TotalSeconds:0} s after the breach; nobody replies. " +
            $"The app is killed (SIGKILL) {killAfter.TotalSeconds:0} s after the first buyer message and started again at once.");

        var settings = new Dictionary<string, string>(options.AppSettings)
        {
            ["Messaging:Profiles:generic:ReplyDeadline:KeepWaitingAfterBreach"] = keepWaiting.ToString("c", CultureInfo.InvariantCulture),
        };
        using var app = await MarketplaceApp.StartAsync(connectionString, options.Sellers, replyWithin, remindBefore, settings);
        await using var endpoint = await SellerEndpoint.StartAsync(app.SellerIds);
        var instances = new TaskHubInstances(connectionString, MarketplaceApp.TaskHubName);
        Console.WriteLine("Engine: " + app.EngineSettings());
        await app.ConfigureSellersAsync(endpoint);
        await app.CreateOrdersAsync(count);
        var (firstMessageAt, postedIn) = await app.PostBuyerMessagesAsync(count, rate);
        Console.WriteLine($"{count} buyer messages posted in {postedIn.TotalSeconds:0} s.");
        var killAt = firstMessageAt + killAfter;
        var open = await app.WaitForOpenDeadlinesAsync(count, killAt);
        Console.WriteLine($"{open.Open} deadlines open {(DateTimeOffset.UtcNow - firstMessageAt).TotalSeconds:0} s after the first message.");
        if (killAt > DateTimeOffset.UtcNow)
        {
            await Task.Delay(killAt - DateTimeOffset.UtcNow);
        }

        var killedAt = DateTimeOffset.UtcNow;
        app.Kill();
        var deliveredAtKill = endpoint.Arrivals.ToList();
        var completedAtKill = await instances.CompletedAsync();
        await app.RestartAsync();
        var restartedAt = DateTimeOffset.UtcNow;
        Console.WriteLine($"Killed {(killedAt - firstMessageAt).TotalSeconds:0} s after the first message, with {deliveredAtKill.Count(a => a.Type == Arrival.Reminder)} reminders " +
            $"and {deliveredAtKill.Count(a => a.Type == Arrival.Breach)} breaches delivered and {completedAtKill} orchestrations completed; listening again {(restartedAt - killedAt).TotalSeconds:0.0} s later.");

        // Until every notification has arrived and every orchestration has completed, or nothing has moved for
        // --stall-seconds after the last give-up fell due.
        var lastGiveUp = firstMessageAt + postedIn + replyWithin + keepWaiting;
        DateTimeOffset? allDeliveredAt = null, allCompletedAt = null;
        var (progressCount, progressAt) = (-1, DateTimeOffset.UtcNow);
        var report = Stopwatch.StartNew();
        while (allDeliveredAt is null || allCompletedAt is null)
        {
            await Task.Delay(1000);
            var completed = await instances.CompletedAsync();
            var now = DateTimeOffset.UtcNow;
            if (allDeliveredAt is null && endpoint.Arrivals.Select(a => (a.Type, a.ConversationId)).Distinct().Count() >= 2 * count)
            {
                allDeliveredAt = endpoint.Arrivals.Max(a => a.ReceivedAt);
            }

            if (allCompletedAt is null && completed >= count)
            {
                allCompletedAt = now;
            }

            if (endpoint.Arrivals.Count + completed > progressCount)
            {
                (progressCount, progressAt) = (endpoint.Arrivals.Count + completed, now);
            }
            else if (now > lastGiveUp && now - progressAt > options.StallLimit)
            {
                Console.WriteLine($"Nothing moved for {options.StallLimit.TotalSeconds:0} s: stopping.");
                break;
            }

            if (report.Elapsed > TimeSpan.FromSeconds(30))
            {
                report.Restart();
                Console.WriteLine($"  ... {endpoint.Arrivals.Count(a => a.Type == Arrival.Reminder)} reminders, {endpoint.Arrivals.Count(a => a.Type == Arrival.Breach)} breaches received, {completed} orchestrations completed");
            }
        }

        // Held up by the crash: due before the app listened again, not delivered when it was killed.
        var arrivals = endpoint.Arrivals.ToList();
        var deliveredBeforeKill = deliveredAtKill.Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
        var heldUp = arrivals.Where(a => !deliveredBeforeKill.Contains(a.Id) && Scheduled(a, remindBefore) <= restartedAt).ToList();
        var later = arrivals.Where(a => Scheduled(a, remindBefore) > restartedAt).ToList();
        var duplicated = arrivals.GroupBy(a => (a.Type, a.ConversationId)).Where(g => g.Count() > 1).ToList();
        var early = arrivals.Count(a => a.ReceivedAt < Scheduled(a, remindBefore));
        var statuses = await instances.CountAsync();

        string After(DateTimeOffset? at) => at is { } t ? $"{(t - killedAt).TotalSeconds:0.0} s" : "never";
        Console.WriteLine();
        Console.WriteLine($"Crash recovery ({count} deadlines, killed with {deliveredAtKill.Count} of {2 * count} notifications delivered), times after the kill: app listening again {After(restartedAt)}; " +
            $"the {heldUp.Count} held up by the crash (due by then, not delivered before the kill) first {After(heldUp.Select(a => (DateTimeOffset?)a.ReceivedAt).Min())}, last {After(heldUp.Select(a => (DateTimeOffset?)a.ReceivedAt).Max())}; " +
            $"all {2 * count} delivered {After(allDeliveredAt)}; all {count} orchestrations completed {After(allCompletedAt)}.");
        Lateness.Report("  Held up by the crash, lateness (received - due)", heldUp.Count, heldUp.Select(a => a.ReceivedAt - Scheduled(a, remindBefore)));
        Lateness.Report("  Due after the restart, lateness (received - due)", later.Count, later.Select(a => a.ReceivedAt - Scheduled(a, remindBefore)));
        Console.WriteLine($"  Duplicates at the seller: {endpoint.Redeliveries} redeliveries with the same idempotency key (dropped by the receiver); " +
            $"{duplicated.Count} notifications delivered more than once under different keys; early: {early}; signatures that failed to verify: {endpoint.BadSignatures}.");
        foreach (var group in duplicated.Take(3))
        {
            Console.WriteLine($"    {group.Key.Type} for {group.Key.ConversationId}: " +
                string.Join(", ", group.Select(a => $"key {a.Id} received {After(a.ReceivedAt)}")));
        }

        Console.WriteLine("  Orchestrations: " + string.Join("; ", statuses.Select(s => $"{s.Count} {s.Status}" + (s.Output is { } output ? $" with output {output}" : ""))));
        return allDeliveredAt is not null && allCompletedAt is not null && duplicated.Count == 0 && early == 0 && endpoint.BadSignatures == 0 ? 0 : 1;
    }

    // When the notification was due: the reminder offset before the deadline, or the deadline itself.
    private static DateTimeOffset Scheduled(Arrival arrival, TimeSpan remindBefore) =>
        arrival.Type == Arrival.Reminder ? arrival.DueAt - remindBefore : arrival.DueAt;
}
