using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace Marketplace.Functions.Errors;

/// <summary>
/// Declares that an HTTP function can answer <see cref="StatusCode"/> with a problem document (RFC 9457), for the API
/// description: the endpoint-builder <c>ProducesProblem</c> as an attribute, since functions are methods, not route
/// builders. A 400 is described with its per-field <c>errors</c> (<see cref="HttpValidationProblemDetails"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, AllowMultiple = true)]
public sealed class ProducesProblemAttribute(int statusCode) : Attribute, IProducesResponseTypeMetadata
{
    public const string ContentType = "application/problem+json";

    private static readonly string[] s_contentTypes = [ContentType];

    public int StatusCode { get; } = statusCode;

    public Type? Type => StatusCode == StatusCodes.Status400BadRequest ? typeof(HttpValidationProblemDetails) : typeof(ProblemDetails);

    public string? Description => null;

    public IEnumerable<string> ContentTypes => s_contentTypes;
}
