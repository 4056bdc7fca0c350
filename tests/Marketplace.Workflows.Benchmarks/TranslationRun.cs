using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Serverless.Testing;

namespace Marketplace.Workflows.Benchmarks;

/// <summary>
/// Translation (--translation): buyers and sellers reading six languages exchange N messages through the API (8 sends in
/// flight), once with translation off and once with it on against a local FAKE Translator (Serverless.Testing's
/// FakeTranslator: the v3 wire protocol, "[fake-xx]" translations, no network). Reports Translator calls and characters
/// billed at delivery, when every party then reads every conversation (the cache: no call), when sellers read in another
/// language (on demand, then cached), and the p50/p99 of a send in each run.
/// </summary>
internal static class TranslationRun
{
    private static readonly string[] s_languages = ["en", "de", "es", "fr", "pl", "it"];

    // Each sentence uses words the fake's detector knows, so every message is detected as its author's language.
    private static readonly Dictionary<string, string[]> s_phrases = new()
    {
        ["en"] = ["Hello, when is my order arriving? Thanks", "Please call me when the order ships", "Thanks, the order is fine"],
        ["de"] = ["Hallo, wann kommt meine Bestellung? Danke", "Bitte sagen Sie mir, wann die Bestellung kommt", "Danke, die Bestellung ist gut"],
        ["es"] = ["Hola, cuando llega mi pedido? Gracias", "Por favor, el pedido es urgente", "Gracias, el pedido es correcto"],
        ["fr"] = ["Bonjour, quand arrive ma commande? Merci", "Merci de confirmer la commande", "La commande est arrivée, merci"],
        ["pl"] = ["Dzień dobry, kiedy przyjdzie zamówienie? Dziękuję", "Proszę o informację, kiedy zamówienie", "Dziękuję, zamówienie jest"],
        ["it"] = ["Ciao, quando arriva il mio ordine? Grazie", "Per favore, il ordine è urgente", "Grazie, il ordine è arrivato"],
    };

    public static async Task<int> RunAsync(BenchmarkOptions options, string connectionString)
    {
        var count = options.Count;
        var orders = Math.Min(60, count);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Translation: {count} messages over {orders} orders between 6 sellers and their buyers reading {string.Join(", ", s_languages)}; 8 sends in flight."));

        // The same workload twice, each in its own storage: without translation, then with it.
        await using var offAzurite = await AzuriteProcess.StartOnDiskAsync();
        var off = await RunOnceAsync(options, offAzurite.Endpoints.ConnectionString, count, orders, fake: null);
        await using var fake = await FakeTranslator.StartAsync();
        var on = await RunOnceAsync(options, connectionString, count, orders, fake);

        var sameLanguage = Enumerable.Range(0, count).Count(j => SellerLanguage(j % orders) == BuyerLanguage(j % orders));
        Console.WriteLine();
        Console.WriteLine($"Translator (FAKE, local; characters counted as the Translator bills them: each text once per target language):");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  at delivery: {on.Delivery.Calls} translate calls, {on.Delivery.Characters:N0} characters billed for {count} messages " +
            $"({on.Translated} stored translations; {sameLanguage} messages were between parties of the same language, detected and kept as 'not_needed')"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  every party reads every conversation: {on.Reads.Calls} calls, {on.Reads.Characters:N0} characters (without the cache: {on.ReadViews} message views, " +
            $"{on.ReadCharacters:N0} characters, {orders * 2} calls at one per page)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  sellers read in French on demand (Accept-Language: fr): first pass {on.OnDemand.Calls} calls, {on.OnDemand.Characters:N0} characters; second pass {on.OnDemandAgain.Calls} calls"));
        Lateness.Report("Send (POST messages) latency, translation off", count, off.Sends);
        Lateness.Report("Send (POST messages) latency, translation on ", count, on.Sends);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Added by translation: p50 {P(on.Sends, 0.5) - P(off.Sends, 0.5):+0;-0} ms, p99 {P(on.Sends, 0.99) - P(off.Sends, 0.99):+0;-0} ms " +
            $"(the send only queues the translation; the Translator is called from the queue)"));
        // A send that failed (printed above) makes the exit code 1.
        return off.Failures + on.Failures == 0 && on.Translated == count ? 0 : 1;
    }

    private static async Task<RunResult> RunOnceAsync(BenchmarkOptions options, string connectionString, int count, int orders, FakeTranslator? fake)
    {
        var settings = new Dictionary<string, string>(options.AppSettings) { ["Translation:Enabled"] = fake is null ? "false" : "true" };
        if (fake is not null)
        {
            settings["Translation:Endpoint"] = fake.Endpoint.AbsoluteUri;
            settings["Translation:Key"] = FakeTranslator.Key;
            settings["Translation:Region"] = FakeTranslator.Region;
        }

        using var app = await MarketplaceApp.StartAsync(connectionString, 6, TimeSpan.FromDays(1), TimeSpan.FromHours(1), settings);
        for (var k = 0; k < 6; k++)
        {
            using var set = await app.SendAsync(app.SellerToken($"s-{k}"), HttpMethod.Put, "/api/seller/settings", new { language = s_languages[k] });
            Expect(set, HttpStatusCode.OK, "setting a seller's language");
        }

        await app.CreateOrdersAsync(orders, buyerLanguage: BuyerLanguage);
        Console.WriteLine($"Run with translation {(fake is null ? "off" : "on (fake Translator)")}: sellers and {orders} orders ready; sending {count} messages.");

        // Message j goes to order j % orders: the buyer writes in rounds 0, 2, 4…, the seller answers in 1, 3, 5….
        var sends = new TimeSpan[count];
        var failures = 0;
        var failedWith = new System.Collections.Concurrent.ConcurrentDictionary<int, int>();
        for (var round = 0; round * orders < count; round++)
        {
            var first = round * orders;
            await Parallel.ForEachAsync(Enumerable.Range(first, Math.Min(orders, count - first)), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (j, ct) =>
            {
                var order = j % orders;
                var byBuyer = round % 2 == 0;
                var language = byBuyer ? BuyerLanguage(order) : SellerLanguage(order);
                var phrases = s_phrases[language];
                var started = Stopwatch.GetTimestamp();
                using var sent = await app.SendAsync(
                    byBuyer ? app.BuyerToken(order) : app.SellerToken($"s-{order % 6}"), HttpMethod.Post, $"/api/conversations/{Conversation(order)}/messages",
                    new { text = $"{phrases[j % phrases.Length]} ({j})" });
                sends[j] = Stopwatch.GetElapsedTime(started);
                if (sent.StatusCode != HttpStatusCode.Created)
                {
                    Interlocked.Increment(ref failures);
                    failedWith.AddOrUpdate((int)sent.StatusCode, 1, (_, n) => n + 1);
                }
            });
        }

        if (failures > 0)
        {
            Console.WriteLine($"  {failures} sends not created: {string.Join(", ", failedWith.Select(f => $"{f.Value} × {f.Key}"))}");
        }

        if (fake is null)
        {
            return new RunResult(sends, failures, default, default, 0, 0, default, default, 0);
        }

        // One translation per delivered message (a send that failed delivered nothing).
        var translated = await WaitForTranslationsAsync(connectionString, count - failures);
        var delivery = Snapshot(fake);

        // Every party reads every conversation: all from the kept translations.
        var readViews = 0;
        long readCharacters = 0;
        for (var order = 0; order < orders; order++)
        {
            foreach (var token in new[] { app.BuyerToken(order), app.SellerToken($"s-{order % 6}") })
            {
                var page = await ReadAsync(app, token, order, acceptLanguage: null);
                foreach (var message in page.GetProperty("items").EnumerateArray().Where(m => m.TryGetProperty("original", out var o) && o.ValueKind == JsonValueKind.String))
                {
                    readViews++;
                    readCharacters += message.GetProperty("original").GetString()!.Length;
                }
            }
        }

        var reads = Snapshot(fake) - delivery;
        var beforeOnDemand = Snapshot(fake);
        for (var order = 0; order < orders; order++)
        {
            await ReadAsync(app, app.SellerToken($"s-{order % 6}"), order, acceptLanguage: "fr");
        }

        var onDemand = Snapshot(fake) - beforeOnDemand;
        var beforeAgain = Snapshot(fake);
        for (var order = 0; order < orders; order++)
        {
            await ReadAsync(app, app.SellerToken($"s-{order % 6}"), order, acceptLanguage: "fr");
        }

        return new RunResult(sends, failures, delivery, reads, readViews, readCharacters, onDemand, Snapshot(fake) - beforeAgain, translated);
    }

    private static async Task<JsonElement> ReadAsync(MarketplaceApp app, string token, int order, string? acceptLanguage)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/conversations/{Conversation(order)}/messages?limit=200");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (acceptLanguage is not null)
        {
            request.Headers.AcceptLanguage.ParseAdd(acceptLanguage);
        }

        using var response = await app.HttpSendAsync(request);
        Expect(response, HttpStatusCode.OK, "reading a conversation");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    // Translations are rows "tr-…" in the conversations' partitions; delivery is done when there is one per message.
    private static async Task<int> WaitForTranslationsAsync(string connectionString, int expected)
    {
        var table = new TableClient(connectionString, MarketplaceApp.Prefix + "Conversations");
        var giveUpAt = DateTimeOffset.UtcNow.AddMinutes(10);
        var rows = 0;
        while (DateTimeOffset.UtcNow < giveUpAt)
        {
            rows = 0;
            await foreach (var _ in table.QueryAsync<TableEntity>("RowKey ge 'tr-' and RowKey lt 'tr.'", select: ["RowKey"]))
            {
                rows++;
            }

            if (rows >= expected)
            {
                break;
            }

            await Task.Delay(500);
        }

        return rows;
    }

    private static string BuyerLanguage(int order) => s_languages[(order / 6) % 6];

    private static string SellerLanguage(int order) => s_languages[order % 6];

    private static string Conversation(int order) => Marketplace.Domain.Conversations.Identifiers.OrderConversationId("generic", $"o-{order}");

    private static double P(TimeSpan[] values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Count) - 1)].TotalMilliseconds;
    }

    private static Usage Snapshot(FakeTranslator fake) => new(fake.TranslateCalls, fake.CharactersBilled);

    private static void Expect(HttpResponseMessage response, HttpStatusCode status, string what)
    {
        if (response.StatusCode != status)
        {
            throw new InvalidOperationException($"{what}: {(int)response.StatusCode} {response.Content.ReadAsStringAsync().Result}");
        }
    }

    private readonly record struct Usage(int Calls, long Characters)
    {
        public static Usage operator -(Usage a, Usage b) => new(a.Calls - b.Calls, a.Characters - b.Characters);
    }

    private sealed record RunResult(
        TimeSpan[] Sends, int Failures, Usage Delivery, Usage Reads, int ReadViews, long ReadCharacters, Usage OnDemand, Usage OnDemandAgain, int Translated);
}
