using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Serverless.Testing;

/// <summary>
/// A FAKE of the Azure Translator Text API v3 on a local port, for tests and benchmarks: it speaks the documented wire
/// protocol (POST /translate and /detect, GET /languages, api-version=3.0, key or bearer authentication, the per-request
/// limits, error bodies {"error":{"code","message"}}) but translates nothing: a translation is the text prefixed with
/// "[fake-{to}] " (number words in Czech, Polish and German become English ones, so content-policy tests can see them),
/// and detection guesses from common words; dynamic-dictionary markup (mstrans:dictionary) is replaced by its given
/// translation, as the service does. It records every request and can be told to fail.
/// </summary>
public sealed class FakeTranslator : IAsyncDisposable
{
    public const string Key = "fake-translator-key-0000000000000";
    public const string Region = "fakeregion";

    private static readonly Dictionary<string, string[]> s_commonWords = new()
    {
        ["en"] = ["the", "and", "is", "you", "hello", "my", "please", "when", "thanks", "order", "call", "me"],
        ["de"] = ["der", "die", "das", "und", "ist", "ich", "nicht", "hallo", "bitte", "meine", "wann", "danke", "bestellung"],
        ["es"] = ["el", "la", "que", "y", "es", "hola", "mi", "por", "favor", "gracias", "pedido", "cuando"],
        ["fr"] = ["le", "la", "et", "est", "je", "bonjour", "mon", "merci", "commande", "quand", "vous"],
        ["pl"] = ["i", "jest", "nie", "dzień", "dobry", "moje", "proszę", "dziękuję", "zamówienie", "kiedy"],
        ["cs"] = ["a", "je", "ne", "dobrý", "den", "moje", "prosím", "děkuji", "objednávka", "kdy", "zavolejte", "mi"],
        ["it"] = ["il", "e", "è", "ciao", "mio", "grazie", "ordine", "quando", "per", "favore"],
    };

    // Number words into English, so a phone number spelled out in another language is one in the "translation".
    private static readonly Dictionary<string, string> s_toEnglish = new(StringComparer.OrdinalIgnoreCase)
    {
        ["nula"] = "zero", ["jedna"] = "one", ["dva"] = "two", ["tři"] = "three", ["čtyři"] = "four", ["pět"] = "five", ["šest"] = "six",
        ["sedm"] = "seven", ["osm"] = "eight", ["devět"] = "nine", ["zavolejte"] = "call", ["mi"] = "me",
        ["zero"] = "zero", ["jeden"] = "one", ["dwa"] = "two", ["trzy"] = "three", ["cztery"] = "four", ["pięć"] = "five", ["sześć"] = "six",
        ["siedem"] = "seven", ["osiem"] = "eight", ["dziewięć"] = "nine",
        ["null"] = "zero", ["eins"] = "one", ["zwei"] = "two", ["drei"] = "three", ["vier"] = "four", ["fünf"] = "five", ["sechs"] = "six",
        ["sieben"] = "seven", ["acht"] = "eight", ["neun"] = "nine",
    };

    private static readonly Regex s_dictionaryMarkup = new(
        "<mstrans:dictionary\\s+translation=\"([^\"]*)\"\\s*>.*?</mstrans:dictionary>", RegexOptions.Singleline | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<FakeTranslatorFailure> _failures = new();

    private FakeTranslator(WebApplication app) => _app = app;

    /// <summary>The base address to configure as Translation:Endpoint.</summary>
    public Uri Endpoint => new(_app.Urls.Single() + "/");

    /// <summary>Every request received, in order (failed ones too).</summary>
    public ConcurrentQueue<FakeTranslatorRequest> Requests { get; } = new();

    /// <summary>While set, every request fails this way (an outage); cleared, the fake answers again.</summary>
    public FakeTranslatorFailure? Outage { get; set; }

    /// <summary>Characters billed so far: each translated text's length once per target language (as the Translator counts).</summary>
    public long CharactersBilled => Interlocked.Read(ref _charactersBilled);

    private long _charactersBilled;

    /// <summary>Translate calls answered with 200.</summary>
    public int TranslateCalls => _translateCalls;

    private int _translateCalls;

    /// <summary>The next request fails this way (queued failures are used up in order, one per request).</summary>
    public void FailNext(FakeTranslatorFailure failure) => _failures.Enqueue(failure);

    public IReadOnlyList<FakeTranslatorRequest> RequestsTo(string path) => [.. Requests.Where(r => r.Path == path)];

    public static async Task<FakeTranslator> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeTranslator(app);
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        return fake;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext http)
    {
        var request = http.Request;
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(http.RequestAborted);
        Requests.Enqueue(new FakeTranslatorRequest(
            request.Method, request.Path.Value ?? "", request.QueryString.Value ?? "",
            request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body, DateTimeOffset.UtcNow));

        if (Outage is { } outage || _failures.TryDequeue(out outage))
        {
            await FailAsync(http, outage);
            return;
        }

        if (!Authorized(request))
        {
            await ErrorAsync(http, 401, 401000, "The request is not authorized because credentials are missing or invalid.");
            return;
        }

        if (request.Query["api-version"] != "3.0")
        {
            await ErrorAsync(http, 400, 400021, "The API version parameter is missing or invalid.");
            return;
        }

        switch (request.Method, request.Path.Value)
        {
            case ("POST", "/translate"):
                await TranslateAsync(http, body);
                break;
            case ("POST", "/detect"):
                await DetectAsync(http, body);
                break;
            case ("GET", "/languages"):
                await http.Response.WriteAsJsonAsync(new JsonObject { ["translation"] = Languages() });
                break;
            default:
                await ErrorAsync(http, 404, 404001, "The requested resource was not found.");
                break;
        }
    }

    private static bool Authorized(HttpRequest request) =>
        request.Path == "/languages"
        || request.Headers["Ocp-Apim-Subscription-Key"] == Key
        || request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.Ordinal);

    private async Task TranslateAsync(HttpContext http, string body)
    {
        var to = http.Request.Query["to"].Where(t => t is not null).Select(t => t!).ToArray();
        var from = http.Request.Query["from"].ToString();
        if (to.Length == 0 || to.Any(t => !Languages().ContainsKey(t)))
        {
            await ErrorAsync(http, 400, 400036, "The target language (\"To\" field) is missing or invalid.");
            return;
        }

        if (Texts(body) is not { } texts)
        {
            await ErrorAsync(http, 400, 400074, "The body of the request is not valid JSON.");
            return;
        }

        if (texts.Count > 1000 || texts.Sum(t => t.Length) * to.Length > 50_000 || texts.Any(t => t.Length > 50_000))
        {
            await ErrorAsync(http, 400, 400077, "The maximum request size has been exceeded.");
            return;
        }

        Interlocked.Add(ref _charactersBilled, texts.Sum(t => (long)t.Length) * to.Length);
        Interlocked.Increment(ref _translateCalls);
        var result = new JsonArray();
        foreach (var text in texts)
        {
            var source = from.Length > 0 ? from : Detect(text).Language;
            var item = new JsonObject();
            if (from.Length == 0)
            {
                item["detectedLanguage"] = new JsonObject { ["language"] = source, ["score"] = Detect(text).Score };
            }

            item["translations"] = new JsonArray([.. to.Select(t => (JsonNode)new JsonObject { ["text"] = Translate(text, source, t), ["to"] = t })]);
            result.Add(item);
        }

        http.Response.Headers["X-metered-usage"] = (texts.Sum(t => t.Length) * to.Length).ToString(CultureInfo.InvariantCulture);
        await http.Response.WriteAsJsonAsync(result);
    }

    private static async Task DetectAsync(HttpContext http, string body)
    {
        if (Texts(body) is not { } texts)
        {
            await ErrorAsync(http, 400, 400074, "The body of the request is not valid JSON.");
            return;
        }

        if (texts.Count > 100 || texts.Sum(t => t.Length) > 50_000)
        {
            await ErrorAsync(http, 400, 400077, "The maximum request size has been exceeded.");
            return;
        }

        await http.Response.WriteAsJsonAsync(new JsonArray([.. texts.Select(t => Detect(t)).Select(d => (JsonNode)new JsonObject
        {
            ["language"] = d.Language, ["score"] = d.Score, ["isTranslationSupported"] = true, ["isTransliterationSupported"] = false,
        })]));
    }

    // The documented body: an array of objects with a "Text" property.
    private static List<string>? Texts(string body)
    {
        try
        {
            return JsonNode.Parse(body) is JsonArray array && array.All(e => e is JsonObject o && o["Text"] is JsonValue)
                ? [.. array.Select(e => e!["Text"]!.GetValue<string>())]
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The fake's guess at a text's language: the one with most common words in it (English when none).</summary>
    public static (string Language, double Score) Detect(string text)
    {
        var words = text.ToLowerInvariant().Split([' ', ',', '.', '!', '?', ':', '\n'], StringSplitOptions.RemoveEmptyEntries);
        var best = s_commonWords.Select(l => (l.Key, Hits: words.Count(w => l.Value.Contains(w)))).OrderByDescending(l => l.Hits).First();
        return best.Hits == 0 ? ("en", 0.5) : (best.Key, 1.0);
    }

    /// <summary>The fake's "translation" of <paramref name="text"/>: unchanged into its own language, otherwise labelled.</summary>
    public static string Translate(string text, string from, string to)
    {
        // The dynamic dictionary, as the service documents it: <mstrans:dictionary translation="X">Y</mstrans:dictionary>
        // comes out as X (templates use it to keep their placeholders untranslated).
        text = s_dictionaryMarkup.Replace(text, m => m.Groups[1].Value);
        if (string.Equals(from, to, StringComparison.OrdinalIgnoreCase))
        {
            return text;
        }

        var translated = to == "en"
            ? string.Join(' ', text.Split(' ').Select(w => s_toEnglish.TryGetValue(w.Trim(',', '.', ':'), out var english) ? english : w))
            : text;
        return $"[fake-{to}] {translated}";
    }

    private static JsonObject Languages()
    {
        var languages = new JsonObject();
        foreach (var (code, name, native) in new[]
        {
            ("cs", "Czech", "Čeština"), ("de", "German", "Deutsch"), ("en", "English", "English"), ("es", "Spanish", "Español"),
            ("fr", "French", "Français"), ("it", "Italian", "Italiano"), ("pl", "Polish", "Polski"), ("pt", "Portuguese (Brazil)", "Português (Brasil)"),
            ("pt-PT", "Portuguese (Portugal)", "Português (Portugal)"), ("zh-Hans", "Chinese Simplified", "中文 (简体)"),
        })
        {
            languages[code] = new JsonObject { ["name"] = name, ["nativeName"] = native, ["dir"] = "ltr" };
        }

        return languages;
    }

    private static async Task FailAsync(HttpContext http, FakeTranslatorFailure failure)
    {
        if (failure.Delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(failure.Delay, http.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        if (failure.RetryAfterSeconds is { } seconds)
        {
            http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        await ErrorAsync(http, failure.Status, failure.ErrorCode, "Fake failure.");
    }

    private static async Task ErrorAsync(HttpContext http, int status, int code, string message)
    {
        http.Response.StatusCode = status;
        await http.Response.WriteAsJsonAsync(new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } });
    }
}

/// <summary>One request the fake received.</summary>
public sealed record FakeTranslatorRequest(
    string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, string Body, DateTimeOffset ReceivedAt);

/// <summary>How the fake fails a request: status, Translator error code, Retry-After seconds, and a delay before answering.</summary>
public sealed record FakeTranslatorFailure(int Status, int ErrorCode, int? RetryAfterSeconds = null, TimeSpan Delay = default)
{
    public static FakeTranslatorFailure ServerError => new(500, 500000);

    public static FakeTranslatorFailure Throttled(int retryAfterSeconds) => new(429, 429000, retryAfterSeconds);

    public static FakeTranslatorFailure QuotaExceeded => new(403, 403001);

    public static FakeTranslatorFailure Hang(TimeSpan delay) => new(503, 503000, null, delay);
}
