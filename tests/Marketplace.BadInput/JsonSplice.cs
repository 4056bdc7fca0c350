using System.Text;
using System.Text.Json.Nodes;

namespace Marketplace.BadInput;

/// <summary>
/// Builds bodies that a JSON serializer would refuse to write: a template with one value swapped for raw bytes (a
/// wrong type, a lone surrogate escape, bytes that are not UTF-8), or with a member removed.
/// </summary>
public static class JsonSplice
{
    private const string Marker = "@@splice@@";

    /// <summary>Every path in <paramref name="node"/> to a member or element (properties by name, elements by index).</summary>
    public static IReadOnlyList<object[]> Paths(JsonNode node)
    {
        var paths = new List<object[]>();
        Collect(node, [], paths);
        return paths;
    }

    /// <summary>The template serialized with the value at <paramref name="path"/> replaced by <paramref name="raw"/> as is.</summary>
    public static byte[] Replace(JsonNode template, object[] path, ReadOnlySpan<byte> raw)
    {
        var copy = template.DeepClone();
        Set(copy, path, JsonValue.Create(Marker));
        var text = Encoding.UTF8.GetBytes(copy.ToJsonString());
        var marker = Encoding.UTF8.GetBytes($"\"{Marker}\"");
        var at = text.AsSpan().IndexOf(marker);
        return [.. text.AsSpan(0, at), .. raw, .. text.AsSpan(at + marker.Length)];
    }

    /// <summary>The template with the string at <paramref name="path"/> replaced by a string whose contents are <paramref name="inside"/>, raw.</summary>
    public static byte[] ReplaceString(JsonNode template, object[] path, ReadOnlySpan<byte> inside) =>
        Replace(template, path, [(byte)'"', .. inside, (byte)'"']);

    public static byte[] Remove(JsonNode template, object[] path)
    {
        var copy = template.DeepClone();
        var parent = Navigate(copy, path[..^1]);
        if (path[^1] is string name)
        {
            parent!.AsObject().Remove(name);
        }
        else
        {
            parent!.AsArray().RemoveAt((int)path[^1]);
        }

        return Encoding.UTF8.GetBytes(copy.ToJsonString());
    }

    /// <summary>Whether the value at <paramref name="path"/> is a string.</summary>
    public static bool IsString(JsonNode node, object[] path) =>
        Navigate(node, path) is JsonValue value && value.TryGetValue<string>(out _);

    public static byte[] Serialize(JsonNode node) => Encoding.UTF8.GetBytes(node.ToJsonString());

    public static string Describe(object[] path) => string.Join('.', path.Select(p => p.ToString()));

    private static void Collect(JsonNode? node, object[] prefix, List<object[]> paths)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj)
                {
                    object[] path = [.. prefix, name];
                    paths.Add(path);
                    Collect(child, path, paths);
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    object[] path = [.. prefix, i];
                    paths.Add(path);
                    Collect(array[i], path, paths);
                }

                break;
        }
    }

    private static JsonNode? Navigate(JsonNode node, object[] path)
    {
        JsonNode? current = node;
        foreach (var step in path)
        {
            current = step is string name ? current![name] : current![(int)step];
        }

        return current;
    }

    private static void Set(JsonNode node, object[] path, JsonNode value)
    {
        var parent = Navigate(node, path[..^1]);
        if (path[^1] is string name)
        {
            parent![name] = value;
        }
        else
        {
            parent![(int)path[^1]] = value;
        }
    }
}
