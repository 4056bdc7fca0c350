using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Marketplace.Functions.SelfHost.OpenApi;

/// <summary>
/// The document's title and introduction, the webhook signature's security scheme, and no <c>servers</c>: the document
/// is checked in and served by both hosts as it is, so it names no host (clients call the one that served it).
/// </summary>
internal sealed class DocumentTransformer : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Info = new OpenApiInfo { Title = ApiIntroduction.Title, Version = ApiIntroduction.Version, Description = ApiIntroduction.Description };
        document.Servers = [];
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[OperationTransformer.SignatureSchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = "X-Marketplace-Signature",
            Description = "Webhooks only: t=<unix seconds>,v1=<hex HMAC-SHA256 of \"<t>.<body>\">, keyed with the marketplace's webhook "
                + "secret (Messaging:WebhookSecrets:{marketplace}); t within 5 minutes of now.",
        };
        return Task.CompletedTask;
    }
}
