using System.Globalization;
using Marketplace.Functions.Errors;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace Marketplace.Functions.Translation;

/// <summary>The languages messages can be read in: what the configured Translator supports (kept for a day).</summary>
[Authorize]
[Tags("Translation")]
internal sealed class LanguageFunctions(LanguageCatalog catalog, IOptions<TranslationOptions> options)
{
    /// <summary>The problem code when the Translator cannot be asked and no list is kept.</summary>
    public const string TranslationUnavailable = "translation_unavailable";

    private const int RetryAfterSeconds = 30;

    [Function("ListLanguages")]
    [EndpointSummary("The languages messages can be translated into (empty, with enabled false, when translation is off)")]
    [ProducesProblem(StatusCodes.Status503ServiceUnavailable)]
    public async Task<Results<Ok<LanguagesView>, ProblemHttpResult>> ListLanguages(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/languages")] HttpRequest request, CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            return TypedResults.Ok(new LanguagesView(false, []));
        }

        try
        {
            return TypedResults.Ok(new LanguagesView(true, await catalog.GetAsync(cancellationToken).ConfigureAwait(false)));
        }
        catch (TranslatorException)
        {
            request.HttpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            return Problems.Create(StatusCodes.Status503ServiceUnavailable, TranslationUnavailable, "Translation unavailable",
                $"The translation service did not answer; retry after {RetryAfterSeconds} seconds (see Retry-After). Messages stay readable in their original language.");
        }
    }
}

/// <summary>Whether translation is on, and the languages (Translator codes, English and own names, direction).</summary>
public sealed record LanguagesView(bool Enabled, IReadOnlyList<TranslatorLanguage> Languages);
