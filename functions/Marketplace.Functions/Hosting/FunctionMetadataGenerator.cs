using System.Text;
using System.Text.Json;

namespace Marketplace.Functions.Hosting;

/// <summary>
/// Writes the function.json of every function in the registry, as the Functions host reads them from
/// "{FunctionName}/function.json" next to host.json. Output is deterministic (stable order, "\n" line ends)
/// so the checked-in copies can be compared byte for byte.
/// </summary>
public static class FunctionMetadataGenerator
{
    /// <summary>The app setting holding the storage connection the host's queue triggers use.</summary>
    public const string QueueConnectionSetting = "AzureWebJobsStorage";

    /// <summary>The binding name of a queue trigger: the key of the message in the invocation's "Data".</summary>
    public const string QueueBindingName = "message";

    /// <summary>The file name → content of every function.json, keyed "{Name}/function.json".</summary>
    public static IReadOnlyDictionary<string, string> Generate(FunctionRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var function in registry.Http)
        {
            files[function.Name + "/function.json"] = Write(writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("type", "httpTrigger");
                writer.WriteString("direction", "in");
                writer.WriteString("name", "req");
                // The app authenticates callers itself (bearer tokens, webhook signatures, signed management URLs).
                writer.WriteString("authLevel", "anonymous");
                writer.WriteStartArray("methods");
                foreach (var method in function.Methods)
                {
                    writer.WriteStringValue(method);
                }

                writer.WriteEndArray();
                writer.WriteString("route", function.Route);
                writer.WriteEndObject();
                writer.WriteStartObject();
                writer.WriteString("type", "http");
                writer.WriteString("direction", "out");
                writer.WriteString("name", "res");
                writer.WriteEndObject();
            });
        }

        foreach (var function in registry.Queue)
        {
            files[function.Name + "/function.json"] = Write(writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("type", "queueTrigger");
                writer.WriteString("direction", "in");
                writer.WriteString("name", QueueBindingName);
                writer.WriteString("queueName", function.QueueName);
                writer.WriteString("connection", QueueConnectionSetting);
                writer.WriteEndObject();
            });
        }

        return files;
    }

    /// <summary>Writes every function.json under <paramref name="directory"/> and returns the paths written.</summary>
    public static IReadOnlyList<string> WriteAll(FunctionRegistry registry, string directory)
    {
        var written = new List<string>();
        foreach (var (relative, content) in Generate(registry))
        {
            var path = Path.Combine(directory, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, content, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            written.Add(path);
        }

        return written;
    }

    private static string Write(Action<Utf8JsonWriter> writeBindings)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, NewLine = "\n" }))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("bindings");
            writeBindings(writer);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }
}
