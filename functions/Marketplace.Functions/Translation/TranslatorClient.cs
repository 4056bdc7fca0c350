using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Azure.Identity;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Marketplace.Functions.Translation;

/// <summary>
/// The Translator Text API v3 over a typed <see cref="HttpClient"/>: the calls <c>Azure.AI.Translation.Text</c> makes
/// (POST translate and detect with api-version=3.0, GET languages). Its handlers add credentials
/// (<see cref="TranslatorCredentialsHandler"/>) and retries, timeouts and a circuit breaker (<see cref="TranslationExtensions"/>);
/// here requests are split to the documented limits and failures classified. Texts are never logged.
/// </summary>
public sealed class TranslatorClient(HttpClient http, TimeProvider time, ILogger<TranslatorClient> logger) : ITextTranslator
{
    public const string ApiVersion = "3.0";

    /// <summary>The header the Translator echoes back for support requests; one fresh GUID per call.</summary>
    public const string ClientTraceIdHeader = "X-ClientTraceId";

    public async Task<IReadOnlyList<TextTranslation>> TranslateAsync(
        IReadOnlyList<string> texts, IReadOnlyList<string> targetLanguages, string? sourceLanguage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(targetLanguages);
        var (to, from) = (targetLanguages, sourceLanguage);
        if (to.Count == 0)
        {
            throw new ArgumentException("Give at least one target language.", nameof(targetLanguages));
        }

        var query = new StringBuilder("translate?api-version=").Append(ApiVersion);
        foreach (var language in to)
        {
            query.Append("&to=").Append(Uri.EscapeDataString(language));
        }

        if (from is not null)
        {
            query.Append("&from=").Append(Uri.EscapeDataString(from));
        }

        var translated = texts.Select(_ => to.Select(_ => new StringBuilder()).ToArray()).ToArray();
        var detected = new DetectedLanguage?[texts.Count];
        var started = new bool[texts.Count];
        foreach (var batch in TranslationBatches.Plan(texts, to.Count, TranslatorLimits.TranslateMaxElements, TranslatorLimits.TranslateMaxCharacters))
        {
            var results = await SendAsync(
                HttpMethod.Post, query.ToString(), Body(batch), TranslatorJsonContext.Default.TranslateResultItemArray, "translate", batch.Count,
                cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < batch.Count; i++)
            {
                var (textIndex, result) = (batch[i].TextIndex, results[i]);
                if (!started[textIndex])
                {
                    // A long text's language is the one detected in its first piece.
                    started[textIndex] = true;
                    detected[textIndex] = result.DetectedLanguage is { } d ? new DetectedLanguage(d.Language, d.Score) : null;
                }

                for (var t = 0; t < to.Count; t++)
                {
                    var translation = result.Translations?.FirstOrDefault(x => string.Equals(x.To, to[t], StringComparison.OrdinalIgnoreCase))
                        ?? throw Unexpected("translate", $"no translation into '{to[t]}'");
                    translated[textIndex][t].Append(translation.Text);
                }
            }
        }

        return [.. texts.Select((_, i) => new TextTranslation(detected[i], [.. to.Select((language, t) => new TranslatedText(language, translated[i][t].ToString()))]))];
    }

    public async Task<IReadOnlyList<DetectedLanguage>> DetectAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(texts);

        // A text's language shows in its first 50,000 characters; the rest is not sent.
        var samples = texts.Select(t => t.Length <= TranslatorLimits.DetectMaxCharacters ? t : t[..TranslatorLimits.DetectMaxCharacters]).ToList();
        var detected = new List<DetectedLanguage>(texts.Count);
        foreach (var batch in TranslationBatches.Plan(samples, 1, TranslatorLimits.DetectMaxElements, TranslatorLimits.DetectMaxCharacters))
        {
            var results = await SendAsync(
                HttpMethod.Post, $"detect?api-version={ApiVersion}", Body(batch), TranslatorJsonContext.Default.DetectResultItemArray, "detect", batch.Count,
                cancellationToken).ConfigureAwait(false);
            detected.AddRange(results.Select(r => new DetectedLanguage(r.Language, r.Score)));
        }

        return detected;
    }

    public async Task<IReadOnlyList<TranslatorLanguage>> GetLanguagesAsync(CancellationToken cancellationToken)
    {
        var result = await SendAsync(
            HttpMethod.Get, $"languages?api-version={ApiVersion}&scope=translation", null, TranslatorJsonContext.Default.LanguagesResult, "languages", 0,
            cancellationToken).ConfigureAwait(false);
        return [.. (result.Translation ?? throw Unexpected("languages", "no 'translation' scope"))
            .Select(l => new TranslatorLanguage(l.Key, l.Value.Name, l.Value.NativeName, l.Value.Dir))
            .OrderBy(l => l.Code, StringComparer.Ordinal)];
    }

    private static ByteArrayContent Body(List<TextPiece> batch)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(
            batch.Select(p => new TranslatorTextItem(p.Text)).ToArray(), TranslatorJsonContext.Default.TranslatorTextItemArray));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "UTF-8" };
        return content;
    }

    private async Task<T> SendAsync<T>(
        HttpMethod method, string path, HttpContent? content, JsonTypeInfo<T> type, string operation, int elements, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = content };
        request.Headers.Add(ClientTraceIdHeader, Guid.NewGuid().ToString());
        var started = Stopwatch.GetTimestamp();
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException or BrokenCircuitException or AuthenticationFailedException
            || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            TranslationLog.CallFailed(logger, operation, 0, 0, TranslatorFailure.Unavailable.ToString(), ex.GetType().Name);
            throw new TranslatorException(TranslatorFailure.Unavailable, $"The translator did not answer the {operation} call ({ex.GetType().Name}).", innerException: ex);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw await FailureAsync(response, operation, cancellationToken).ConfigureAwait(false);
            }

            TranslationLog.CallSucceeded(logger, operation, elements, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            try
            {
                var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                await using (stream.ConfigureAwait(false))
                {
                    var result = await JsonSerializer.DeserializeAsync(stream, type, cancellationToken).ConfigureAwait(false);
                    return result is T[] array && elements > 0 && array.Length != elements
                        ? throw Unexpected(operation, $"{array.Length} results for {elements} texts")
                        : result ?? throw Unexpected(operation, "an empty body");
                }
            }
            catch (JsonException ex)
            {
                throw Unexpected(operation, "a body that is not its documented JSON", ex);
            }
        }
    }

    private async Task<TranslatorException> FailureAsync(HttpResponseMessage response, string operation, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        int? code = null;
        try
        {
            var body = await response.Content.ReadFromJsonAsync(TranslatorJsonContext.Default.TranslatorErrorResult, cancellationToken).ConfigureAwait(false);
            code = body?.Error?.Code;
        }
        catch (JsonException)
        {
            // An error without the documented body (a proxy's page): the status alone decides.
        }

        var failure = (response.StatusCode, code) switch
        {
            (HttpStatusCode.Forbidden, 403001) => TranslatorFailure.QuotaExceeded,
            (HttpStatusCode.TooManyRequests, _) => TranslatorFailure.Throttled,
            (HttpStatusCode.RequestTimeout, _) => TranslatorFailure.Unavailable,
            _ when status >= 500 => TranslatorFailure.Unavailable,
            _ => TranslatorFailure.Rejected,
        };
        var retryAfter = RetryAfter(response, time);
        TranslationLog.CallFailed(logger, operation, status, code ?? 0, failure.ToString(), "");
        return new TranslatorException(failure, $"The translator answered the {operation} call with {status}{(code is null ? "" : $" (error {code})")}.",
            status, code, retryAfter);
    }

    internal static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider time) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - time.GetUtcNow() is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };

    private static TranslatorException Unexpected(string operation, string what, Exception? inner = null) =>
        new(TranslatorFailure.Unavailable, $"The translator answered the {operation} call with {what}.", innerException: inner);
}
