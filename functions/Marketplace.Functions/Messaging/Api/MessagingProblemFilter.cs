using Marketplace.Domain.Conversations;
using Marketplace.Functions.Errors;

namespace Marketplace.Functions.Messaging.Api;

/// <summary>Turns a <see cref="MessagingException"/> into a ProblemDetails answer with its code and sentence.</summary>
internal sealed class MessagingProblemFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context).ConfigureAwait(false);
        }
        catch (MessagingException ex)
        {
            var (status, title) = ex.Error switch
            {
                MessagingError.NotFound => (StatusCodes.Status404NotFound, "Not found"),
                MessagingError.Conflict => (StatusCodes.Status409Conflict, "Conflict"),
                MessagingError.TooLarge => (StatusCodes.Status413PayloadTooLarge, "Too large"),
                MessagingError.UnsupportedType => (StatusCodes.Status415UnsupportedMediaType, "Type not allowed"),
                MessagingError.Forbidden => (StatusCodes.Status403Forbidden, "Not allowed"),
                _ => (StatusCodes.Status400BadRequest, "Request refused"),
            };
            return Problems.Create(status, ex.Code, title, ex.Message);
        }
    }
}
