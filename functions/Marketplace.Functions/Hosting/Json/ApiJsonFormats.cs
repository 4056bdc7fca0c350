using System.Text.Json;
using System.Text.Json.Serialization;
using System.Xml;

namespace Marketplace.Functions.Hosting.Json;

/// <summary>
/// The API's one wire format for values with more than one natural spelling, in both hosts' HTTP JSON: enums as lowercase
/// snake_case names (<c>order</c>, <c>not_received</c>), never numbers, as the views that spell them by hand already do;
/// durations as ISO 8601 (<c>PT5H30M</c>), not .NET's <c>05:30:00</c>. Queue messages and stored JSON keep their own
/// formats (their contexts are not the HTTP options), so nothing queued or stored before changes meaning.
/// </summary>
public static class ApiJsonFormats
{
    public static void Apply(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        options.Converters.Add(new Iso8601DurationConverter());
    }
}

/// <summary>A <see cref="TimeSpan"/> as an ISO 8601 duration: <c>P1DT2H</c>, <c>-PT30M</c>.</summary>
public sealed class Iso8601DurationConverter : JsonConverter<TimeSpan>
{
    public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        try
        {
            return XmlConvert.ToTimeSpan(reader.GetString() ?? "");
        }
        catch (FormatException ex)
        {
            throw new JsonException("A duration is ISO 8601, e.g. PT30M or P1DT2H.", ex);
        }
    }

    public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(XmlConvert.ToString(value));
    }
}
