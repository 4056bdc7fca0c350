using System.Text;
using Microsoft.Net.Http.Headers;

namespace Marketplace.Functions.Errors;

/// <summary>
/// Refuses a JSON body whose Content-Type names a charset .NET does not know ("application/json; charset=nonsense")
/// with 415 unsupported_media_type. Left to model binding, the JSON reader throws an InvalidOperationException for it,
/// which would be answered as a 500.
/// </summary>
internal sealed class JsonCharsetCheck(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.HasJsonContentType() && UnknownCharset(context.Request.ContentType) is { } charset)
        {
            return Problems.WriteAsync(context, StatusCodes.Status415UnsupportedMediaType, ProblemCodes.UnsupportedMediaType, "Unsupported content type.",
                $"The charset '{charset}' is not one we can read. Send JSON as UTF-8: 'Content-Type: application/json' (or '; charset=utf-8').");
        }

        return next(context);
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
