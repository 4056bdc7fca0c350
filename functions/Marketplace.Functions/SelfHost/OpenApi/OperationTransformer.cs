using System.Text.Json.Nodes;
using Marketplace.Domain.Events;
using Marketplace.Functions.Errors;
using Marketplace.Functions.Hosting.Binding;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Marketplace.Functions.SelfHost.OpenApi;

/// <summary>
/// What the endpoint metadata alone does not tell the API description: each function's declared query parameters, the
/// 503 every operation can answer while storage is unreachable, the raw-bytes body of an upload, and the webhook's
/// envelope (with an example per event type) and HMAC signature in place of the bearer token.
/// </summary>
internal sealed class OperationTransformer : IOpenApiOperationTransformer
{
    public const string SignatureSchemeName = "WebhookSignature";

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        foreach (var query in metadata.OfType<QueryParameterAttribute>())
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = query.Name,
                In = ParameterLocation.Query,
                Required = false,
                Description = query.Description,
                Schema = SchemaOf(query),
            });
        }

        operation.Responses ??= [];
        operation.Responses[StatusCodes.Status503ServiceUnavailable.ToString(System.Globalization.CultureInfo.InvariantCulture)] = new OpenApiResponse
        {
            Description = "Storage is unreachable (storage_unavailable): retry after the Retry-After header's seconds.",
            Content = new Dictionary<string, OpenApiMediaType>
            {
                [ProducesProblemAttribute.ContentType] = new() { Schema = new OpenApiSchemaReference("ProblemDetails", context.Document) },
            },
        };

        if (metadata.OfType<RawBodyAttribute>().FirstOrDefault() is { } raw)
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Description = raw.Description,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/octet-stream"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } },
                },
            };
        }

        if (metadata.OfType<SignedWebhookAttribute>().Any())
        {
            DescribeWebhook(operation, context.Document!);
        }
        else if (metadata.OfType<IAllowAnonymous>().Any())
        {
            operation.Security = []; // anonymous: not the document's default bearer requirement
        }

        return Task.CompletedTask;
    }

    private static void DescribeWebhook(OpenApiOperation operation, OpenApiDocument document)
    {
        operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SignatureSchemeName, document)] = [] }];
        operation.Description = "Authenticated by the X-Marketplace-Signature header (see the WebhookSignature scheme), not a bearer token. "
            + "Answers 202 at once (accepted, or duplicate for an id already accepted); the event is applied from a queue, idempotently.";
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Description = "The event envelope; `data` depends on `type` (see the examples).",
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/json"] = new()
                {
                    Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Required = new HashSet<string> { "id", "type", "occurredAt", "data" },
                        Properties = new Dictionary<string, IOpenApiSchema>
                        {
                            ["id"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The event's id: a redelivery with the same id is applied once." },
                            ["type"] = new OpenApiSchema
                            {
                                Type = JsonSchemaType.String,
                                Enum = [.. EventTypes.All.Order(StringComparer.Ordinal).Select(t => (JsonNode)JsonValue.Create(t))],
                            },
                            ["occurredAt"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" },
                            ["data"] = new OpenApiSchema { Type = JsonSchemaType.Object, Description = "The event's fields, by type (see the examples)." },
                        },
                    },
                    Examples = WebhookExamples.ByType.ToDictionary(
                        e => e.Key,
                        e => (IOpenApiExample)new OpenApiExample { Summary = e.Value.Summary, Value = WebhookExamples.Parse(e.Value.Json) }),
                },
            },
        };
        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = "X-Marketplace-Signature",
            In = ParameterLocation.Header,
            Required = true,
            Description = "t=<unix seconds>,v1=<hex HMAC-SHA256 of \"<t>.<body>\"> with the marketplace's webhook secret.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, Pattern = "^t=[0-9]+,v1=[0-9a-f]{64}$" },
        });
    }

    private static OpenApiSchema SchemaOf(QueryParameterAttribute query)
    {
        var schema = query.Type == typeof(int) ? new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" }
            : query.Type == typeof(long) ? new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int64" }
            : query.Type == typeof(bool) ? new OpenApiSchema { Type = JsonSchemaType.Boolean }
            : query.Type == typeof(DateTimeOffset) ? new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" }
            : new OpenApiSchema { Type = JsonSchemaType.String };
        if (query.Values.Count > 0)
        {
            schema.Enum = [.. query.Values.Select(v => (JsonNode)JsonValue.Create(v))];
        }

        return schema;
    }
}
