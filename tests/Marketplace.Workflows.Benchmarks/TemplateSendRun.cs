using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Serverless.Testing;

namespace Marketplace.Workflows.Benchmarks;

/// <summary>
/// Template sends (--templates, with --count N): the marketplace creates one template; N orders (buyers reading German,
/// the template written in English); each seller sends it to each of their orders through POST …/messages with a
/// template id and variables (8 in flight), interleaved with the same number of plain-text sends of a message of the
/// same length to the same orders as the baseline. Translation is on against a local FAKE Translator, so the first
/// template send for German makes the one Translator call and the rest read the kept translation. Reports p50/p99 of
/// both kinds of send and the Translator calls made for the template.
/// </summary>
internal static class TemplateSendRun
{
    private const string TemplateBody =
        "Hello {name}, about order {orderId}: the desk lamp leaves our workshop on {date}. Please open the box from the top; the shade is fragile.";

    public static async Task<int> RunAsync(BenchmarkOptions options, string connectionString)
    {
        var count = options.Count;
        await using var fake = await FakeTranslator.StartAsync();
        var settings = new Dictionary<string, string>(options.AppSettings)
        {
            ["Translation:Enabled"] = "true",
            ["Translation:Endpoint"] = fake.Endpoint.AbsoluteUri,
            ["Translation:Key"] = FakeTranslator.Key,
            ["Translation:Region"] = FakeTranslator.Region,
        };
        using var app = await MarketplaceApp.StartAsync(connectionString, 6, TimeSpan.FromDays(1), TimeSpan.FromHours(1), settings);
        await app.CreateOrdersAsync(count, buyerLanguage: _ => "de");
        using var created = await app.SendAsync(app.MarketplaceToken(), HttpMethod.Post, "/api/templates", new
        {
            name = "Dispatch date", reason = "CONFIRM_DELIVERY", language = "en", body = TemplateBody,
            variables = new[] { new { name = "name", type = "text" }, new { name = "date", type = "date" } },
        });
        Expect(created, HttpStatusCode.Created, "creating the template");
        var templateId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Templates: {count} orders (buyers read German; the template is English), {count} template sends and {count} plain sends, 8 in flight; translation on (FAKE Translator)."));

        var templated = new TimeSpan[count];
        var plain = new TimeSpan[count];
        var failures = 0;
        // Order i gets a template send, then a plain send (the seller's second message: not a conversation start).
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            var token = app.SellerToken($"s-{i % 6}");
            var path = $"/api/conversations/generic~o~o-{i}/messages";
            var started = Stopwatch.GetTimestamp();
            using (var sent = await app.SendAsync(token, HttpMethod.Post, path, new { templateId, variables = new { name = $"Kunde {i}", date = "2026-12-24" } }))
            {
                templated[i] = Stopwatch.GetElapsedTime(started);
                if (sent.StatusCode != HttpStatusCode.Created)
                {
                    Interlocked.Increment(ref failures);
                }
            }

            started = Stopwatch.GetTimestamp();
            using (var sent = await app.SendAsync(token, HttpMethod.Post, path,
                new { text = $"Hello Kunde {i}, about order o-{i}: the desk lamp leaves our workshop on 2026-12-24. Please open the box from the top; the shade is fragile." }))
            {
                plain[i] = Stopwatch.GetElapsedTime(started);
                if (sent.StatusCode != HttpStatusCode.Created)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        });

        var templateCalls = fake.RequestsTo("/translate").Count(r => r.Body.Contains("mstrans", StringComparison.Ordinal));
        Lateness.Report("Template send (POST messages with templateId) latency", count, templated);
        Lateness.Report("Plain send (POST messages with text) latency          ", count, plain);
        Console.WriteLine($"Translator calls for the template: {templateCalls} (one per template version and language; the rest read the kept translation)");
        Console.WriteLine($"Sends not created: {failures}");
        return failures == 0 ? 0 : 1;
    }

    private static void Expect(HttpResponseMessage response, HttpStatusCode status, string what)
    {
        if (response.StatusCode != status)
        {
            throw new InvalidOperationException($"{what}: {(int)response.StatusCode} {response.Content.ReadAsStringAsync().Result}");
        }
    }
}
