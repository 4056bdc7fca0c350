using System.Diagnostics;

namespace Marketplace.Workflows.Benchmarks;

/// <summary>
/// N reply deadlines that nobody answers: how late each reminder and breach reaches the seller's endpoint against its
/// scheduled instant, the app's memory with all N open, and the sellers' view at the end.
/// </summary>
internal static class DeadlineLatenessRun
{
    public static async Task<int> RunAsync(BenchmarkOptions options, string connectionString)
    {
        var (count, rate, replyWithin, remindBefore) = (options.Count, options.Rate, options.ReplyWithin, options.RemindBefore);
        Console.WriteLine($"Run: {count} deadlines for {options.Sellers} sellers, buyer messages posted at {rate}/s; deadline {replyWithin.TotalSeconds:0} s, reminder {remindBefore.TotalSeconds:0} s before it; nobody replies.");
        var postingTime = TimeSpan.FromSeconds((double)count / rate);
        if (postingTime > replyWithin - remindBefore)
        {
            Console.WriteLine($"Warning: posting takes {postingTime.TotalSeconds:0} s, longer than the {(replyWithin - remindBefore).TotalSeconds:0} s before the first reminder: not all {count} deadlines will be open at once.");
        }

        using var app = await MarketplaceApp.StartAsync(connectionString, options.Sellers, replyWithin, remindBefore, options.AppSettings);
        await using var endpoint = await SellerEndpoint.StartAsync(app.SellerIds);
        Console.WriteLine("Engine: " + app.EngineSettings());
        await app.ConfigureSellersAsync(endpoint);

        // Orders first, as fast as the app takes them (not measured): each buyer message needs its conversation.
        var clock = Stopwatch.StartNew();
        await app.CreateOrdersAsync(count);
        Console.WriteLine($"{count} orders stored in {clock.Elapsed.TotalSeconds:0} s.");

        var memoryPeakBeforeMessages = app.Memory().PeakWorkingSetMb;
        var (firstMessageAt, postedIn) = await app.PostBuyerMessagesAsync(count, rate);
        Console.WriteLine($"{count} buyer messages posted in {postedIn.TotalSeconds:0} s ({count / postedIn.TotalSeconds:0.0}/s).");

        // Wait until the seller API shows every deadline open; the app's memory then is memory with N pending deadlines.
        var firstReminderDue = firstMessageAt + replyWithin - remindBefore;
        var open = (await app.WaitForOpenDeadlinesAsync(count, firstReminderDue + TimeSpan.FromMinutes(5))).Open;
        var openedAfter = DateTimeOffset.UtcNow - firstMessageAt;
        var (memoryAllOpen, _) = app.Memory();
        Console.WriteLine($"{open} deadlines open {openedAfter.TotalSeconds:0} s after the first message" +
            (DateTimeOffset.UtcNow > firstReminderDue ? " (after the first reminder was due: lower --rate or raise --reply-within)." : "."));
        Console.WriteLine($"App memory with {open} open deadlines: working set {memoryAllOpen:0} MB (peak while orders were created: {memoryPeakBeforeMessages:0} MB).");

        // Every deadline sends a reminder, then breaches; wait for both webhooks of all of them, however late, as long as
        // they keep coming. A stall (--stall-seconds) after the last deadline ends the run with what arrived: longer than
        // the engine's slowest recovery (a message taken by a worker that then lost it reappears after the visibility
        // timeout; a partition whose lease was not renewed is taken over after the lease interval).
        var lastDue = firstMessageAt + postedIn + replyWithin;
        var progress = Stopwatch.StartNew();
        var (arrived, lastArrivalAt) = (0, DateTimeOffset.UtcNow);
        while (endpoint.Arrivals.Count < 2 * count && (DateTimeOffset.UtcNow < lastDue || DateTimeOffset.UtcNow - lastArrivalAt < options.StallLimit))
        {
            await Task.Delay(1000);
            if (endpoint.Arrivals.Count > arrived)
            {
                (arrived, lastArrivalAt) = (endpoint.Arrivals.Count, DateTimeOffset.UtcNow);
            }

            if (progress.Elapsed > TimeSpan.FromSeconds(30))
            {
                progress.Restart();
                Console.WriteLine($"  ... {endpoint.Arrivals.Count(a => a.Type == Arrival.Reminder)} reminders, {endpoint.Arrivals.Count(a => a.Type == Arrival.Breach)} breaches received");
            }
        }

        var (memoryEnd, memoryPeak) = app.Memory();
        var atEnd = await app.CountOpenDeadlinesAsync();
        Console.WriteLine();
        Lateness.Report("Reminder lateness (received at the seller - due)", count,
            endpoint.Arrivals.Where(a => a.Type == Arrival.Reminder).Select(a => a.ReceivedAt - (a.DueAt - remindBefore)));
        Lateness.Report("Breach lateness (received at the seller - deadline)", count,
            endpoint.Arrivals.Where(a => a.Type == Arrival.Breach).Select(a => a.ReceivedAt - a.DueAt));
        Console.WriteLine($"Signatures that failed to verify: {endpoint.BadSignatures}; redelivered webhooks (same id): {endpoint.Redeliveries}.");
        Console.WriteLine($"Seller API at the end: {atEnd.Describe()}.");
        Console.WriteLine($"App memory: {memoryAllOpen:0} MB with {open} deadlines open, {memoryEnd:0} MB at the end, peak {memoryPeak:0} MB (working set).");
        return endpoint.BadSignatures == 0 && endpoint.Arrivals.Count == 2 * count ? 0 : 1;
    }
}
