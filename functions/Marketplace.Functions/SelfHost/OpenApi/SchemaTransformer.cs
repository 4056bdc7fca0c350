using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Marketplace.Functions.SelfHost.OpenApi;

/// <summary>
/// Schemas as the API reads and writes them: a <see cref="TimeSpan"/> is an ISO 8601 duration string (ApiJsonFormats), and
/// a request body's nullable members are optional (the generator marks every constructor parameter required; the
/// endpoints validate what they need and answer 400 naming it).
/// </summary>
internal sealed class SchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(context);
        var type = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
        if (type == typeof(TimeSpan))
        {
            var nullable = context.JsonTypeInfo.Type != type;
            schema.Type = nullable ? JsonSchemaType.String | JsonSchemaType.Null : JsonSchemaType.String;
            schema.Format = "duration";
            schema.Pattern = null;
        }

        if (type.IsEnum)
        {
            schema.Type = JsonSchemaType.String; // ApiJsonFormats writes enums as names; the generator leaves the type out
        }

        if (type.Name.EndsWith("Request", StringComparison.Ordinal) && schema.Required is { Count: > 0 } required && schema.Properties is { } properties)
        {
            foreach (var (name, property) in properties)
            {
                if (property.Type is { } t && (t & JsonSchemaType.Null) != 0)
                {
                    required.Remove(name);
                }
            }
        }

        return Task.CompletedTask;
    }
}
