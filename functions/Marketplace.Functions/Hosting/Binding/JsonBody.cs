using System.Text;
using System.Text.Json;
using Marketplace.Domain.Conversations;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Marketplace.Functions.Hosting.Binding;

/// <summary>
/// Reads an HTTP function's JSON body as minimal APIs bind an optional body parameter: no body is null; a body that is
/// not JSON by its Content-Type is 415; JSON in a charset .NET does not know is 415 naming the charset (the framework's
/// reader would throw an InvalidOperationException, a 500); malformed JSON is 400 malformed_json.
/// </summary>
internal static class JsonBody
{
    public static async Task<T?> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength == 0 || (request.ContentLength is null && string.IsNullOrEmpty(request.ContentType)
            && !request.Headers.TransferEncoding.Any(v => v?.Contains("chunked", StringComparison.OrdinalIgnoreCase) == true)))
        {
            return null;
        }

        if (!request.HasJsonContentType())
        {
            throw new BadHttpRequestException("The body must be JSON.", StatusCodes.Status415UnsupportedMediaType);
        }

        if (UnknownCharset(request.ContentType) is { } charset)
        {
            throw new MessagingException(MessagingError.UnsupportedType, "unsupported_media_type",
                $"The charset '{charset}' is not one we can read. Send JSON as UTF-8: 'Content-Type: application/json' (or '; charset=utf-8').");
        }

        var options = request.HttpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        try
        {
            return await request.ReadFromJsonAsync<T>(options, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException malformed)
        {
            throw new BadHttpRequestException("The body is not valid JSON.", StatusCodes.Status400BadRequest, malformed);
        }
    }

    // The charset as the framework's JSON reader looks it up (Encoding.GetEncoding on the parameter's value), or null if it is known or absent.
    private static string? UnknownCharset(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType) || !mediaType.Charset.HasValue
            || mediaType.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            Encoding.GetEncoding(mediaType.Charset.Value!);
            return null;
        }
        catch (ArgumentException)
        {
            return mediaType.Charset.Value;
        }
    }
}
