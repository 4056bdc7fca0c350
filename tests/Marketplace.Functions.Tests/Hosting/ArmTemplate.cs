using System.Text.Json;
using System.Text.RegularExpressions;

namespace Marketplace.Functions.Tests.Hosting;

/// <summary>
/// The ARM template infra/main.bicep compiles to, read the way the infra tests need it: resources by type, the app
/// settings, and ARM expressions with their <c>variables('…')</c> references replaced by the variables' values.
/// </summary>
internal sealed partial class ArmTemplate(JsonElement root, string text)
{
    public JsonElement Root { get; } = root;

    /// <summary>The whole template as text, for "this appears nowhere" checks.</summary>
    public string Text { get; } = text;

    public static ArmTemplate Load(string path)
    {
        var text = File.ReadAllText(path);
        using var document = JsonDocument.Parse(text);
        return new ArmTemplate(document.RootElement.Clone(), text);
    }

    public IReadOnlyList<JsonElement> Resources(string type) =>
        Root.GetProperty("resources").EnumerateArray()
            .Where(r => string.Equals(r.GetProperty("type").GetString(), type, StringComparison.OrdinalIgnoreCase))
            .ToList();

    /// <summary>The one resource of <paramref name="type"/>; fails the test when there is none or several.</summary>
    public JsonElement Single(string type)
    {
        var resources = Resources(type);
        Assert.True(resources.Count == 1, $"The template should declare one {type}, not {resources.Count}.");
        return resources[0];
    }

    public JsonElement Parameter(string name)
    {
        Assert.True(Root.GetProperty("parameters").TryGetProperty(name, out var parameter), $"The template has no parameter '{name}'.");
        return parameter;
    }

    /// <summary>The Function App's settings from the template's <c>appSettings</c> variable (name to value or ARM expression).</summary>
    public IReadOnlyDictionary<string, string> AppSettings()
    {
        Assert.True(Root.GetProperty("variables").TryGetProperty("appSettings", out var settings) && settings.ValueKind == JsonValueKind.Object,
            "The template should keep the Function App's settings in an 'appSettings' object variable.");
        return settings.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ToString(), StringComparer.Ordinal);
    }

    /// <summary>
    /// <paramref name="expression"/> with each <c>variables('name').property…</c> replaced by that value (an expression
    /// value loses its brackets; an object or array becomes its JSON), repeatedly, so that what an expression finally
    /// refers to can be read from it.
    /// </summary>
    public string Expand(string expression)
    {
        var variables = Root.GetProperty("variables");
        for (var pass = 0; pass < 8 && VariableReference().IsMatch(expression); pass++)
        {
            expression = VariableReference().Replace(expression, match =>
            {
                if (!variables.TryGetProperty(match.Groups["name"].Value, out var value))
                {
                    return match.Value;
                }

                foreach (var property in match.Groups["path"].Value.Split('.', StringSplitOptions.RemoveEmptyEntries))
                {
                    if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty(property, out value))
                    {
                        return match.Value;
                    }
                }

                return value.ValueKind == JsonValueKind.String ? value.GetString()!.TrimStart('[').TrimEnd(']') : value.GetRawText();
            });
        }

        return expression;
    }

    [GeneratedRegex(@"variables\('(?<name>[A-Za-z0-9_]+)'\)(?<path>(\.[A-Za-z0-9_]+)*)")]
    private static partial Regex VariableReference();
}
