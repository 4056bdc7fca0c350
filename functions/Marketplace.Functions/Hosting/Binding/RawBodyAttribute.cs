namespace Marketplace.Functions.Hosting.Binding;

/// <summary>
/// The function reads its body as raw bytes of any type (an attachment upload), for the API description: documented as
/// <c>application/octet-stream</c>, binary. Not <c>[Consumes]</c>, which the self-host's routing would enforce as the only
/// content type accepted: the type is decided from the bytes, never from what the client says.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RawBodyAttribute(string description) : Attribute
{
    public string Description { get; } = description;
}

/// <summary>
/// The function is authenticated by the marketplace's HMAC signature (<c>X-Marketplace-Signature</c>), not a bearer
/// token, and takes a webhook envelope: for the API description.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SignedWebhookAttribute : Attribute;
