using System.Net.Http.Headers;
using Azure.Core;
using Microsoft.Extensions.Options;

namespace Marketplace.Functions.Translation;

/// <summary>
/// Adds the Translator's credentials to each attempt: the resource key and region headers when a key is configured,
/// otherwise a Microsoft Entra token for Cognitive Services from the app's identity (with the resource id and region
/// headers the global endpoint needs; a custom-domain endpoint needs the token alone).
/// </summary>
internal sealed class TranslatorCredentialsHandler(IOptions<TranslationOptions> options, IServiceProvider services) : DelegatingHandler
{
    public const string KeyHeader = "Ocp-Apim-Subscription-Key";
    public const string RegionHeader = "Ocp-Apim-Subscription-Region";
    public const string ResourceIdHeader = "Ocp-Apim-ResourceId";
    public const string Scope = "https://cognitiveservices.azure.com/.default";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        // Set, not added: a retried request passes through here again.
        request.Headers.Remove(KeyHeader);
        request.Headers.Remove(RegionHeader);
        request.Headers.Remove(ResourceIdHeader);
        if (settings.Key is { Length: > 0 } key)
        {
            request.Headers.Add(KeyHeader, key);
        }
        else
        {
            // Resolved only here: with a key (or translation off) the app never builds a credential.
            var credential = services.GetRequiredService<TokenCredential>();
            var token = await credential.GetTokenAsync(new TokenRequestContext([Scope]), cancellationToken).ConfigureAwait(false);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
            if (settings.ResourceId is { Length: > 0 } resourceId)
            {
                request.Headers.Add(ResourceIdHeader, resourceId);
            }
        }

        if (settings.Region is { Length: > 0 } region)
        {
            request.Headers.Add(RegionHeader, region);
        }

        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
