using System.Net;
using Marketplace.Functions.Configuration;
using Marketplace.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Timeout;

namespace Marketplace.Functions.Translation;

/// <summary>Registers message translation: the Translator client, its resilience pipeline and the translation services.</summary>
public static class TranslationExtensions
{
    /// <summary>The name of the Translator client's resilience pipeline.</summary>
    public const string PipelineName = "translator";

    public static IServiceCollection AddTranslation(this IServiceCollection services)
    {
        services.AddValidatedOptions<TranslationOptions, TranslationOptionsValidator>(TranslationOptions.Section);
        services.TryAddSingleton(TimeProvider.System);
        services.AddTransient<TranslatorCredentialsHandler>();
        services.AddHttpClient<ITextTranslator, TranslatorClient>((sp, http) =>
            {
                var options = sp.GetRequiredService<IOptions<TranslationOptions>>().Value;
                var endpoint = options.Endpoint ?? new Uri("https://api.cognitive.microsofttranslator.com/");
                // Relative paths ("translate?…") resolve under the base only when it ends with '/'.
                http.BaseAddress = endpoint.AbsoluteUri.EndsWith('/') ? endpoint : new Uri(endpoint.AbsoluteUri + "/");
                // The resilience pipeline's timeouts govern; this is only a backstop.
                http.Timeout = options.Timeout + TimeSpan.FromSeconds(5);
            })
            // The client lives in singletons: connections are renewed every few minutes so DNS changes are seen.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false, UseCookies = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            })
            .AddResilienceHandler(PipelineName, (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<TranslationOptions>>().Value;
                var time = context.ServiceProvider.GetRequiredService<TimeProvider>();
                pipeline.AddTimeout(options.Timeout);
                if (options.MaxRetries > 0)
                {
                    pipeline.AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = options.MaxRetries,
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                        Delay = TimeSpan.FromMilliseconds(200),
                        // A 429's Retry-After is the wait; one longer than MaxRetryAfter is not retried here (see ShouldRetry).
                        ShouldRetryAfterHeader = true,
                        ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, options.MaxRetryAfter, time)),
                    });
                }

                // While the Translator is down, fail at once instead of making every send's background step and every
                // on-demand read wait out the timeouts.
                pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                {
                    FailureRatio = 0.5,
                    MinimumThroughput = 10,
                    SamplingDuration = TimeSpan.FromSeconds(30),
                    BreakDuration = TimeSpan.FromSeconds(15),
                });
                pipeline.AddTimeout(options.AttemptTimeout);
            });
        // Inside the pipeline, so each attempt gets fresh credentials (a token may expire between attempts).
        services.AddHttpClient<ITextTranslator, TranslatorClient>().AddHttpMessageHandler<TranslatorCredentialsHandler>();

        services.AddSingleton<MessageTranslationStore>();
        services.AddSingleton<LanguageCatalog>();
        services.AddSingleton<ReaderLanguages>();
        services.AddSingleton<TranslationScreening>();
        services.AddSingleton<MessageTranslations>();
        services.AddSingleton<TranslatedViews>();
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, TranslationJsonContext.Default));
        return services;
    }

    /// <summary>Transient failures are retried; a 429 only when it asks for a wait no longer than <paramref name="maxRetryAfter"/>.</summary>
    internal static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, TimeSpan maxRetryAfter, TimeProvider time) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result: { StatusCode: HttpStatusCode.TooManyRequests } response } => TranslatorClient.RetryAfter(response, time) is not { } wait || wait <= maxRetryAfter,
        { Result: { } response } => (int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.RequestTimeout,
        _ => false,
    };
}
