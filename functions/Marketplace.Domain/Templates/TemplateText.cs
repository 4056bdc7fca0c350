using System.Text;
using System.Text.RegularExpressions;

namespace Marketplace.Domain.Templates;

/// <summary>
/// A template body: text with <c>{name}</c> placeholders; <c>{{</c> and <c>}}</c> write a literal brace. Rendering is one
/// pass over the body, so a value is inserted as plain text and is never read again: a value "{orderId}" stays those
/// characters and cannot make the server fill another placeholder.
/// </summary>
public static partial class TemplateText
{
    /// <summary>The placeholder names the body uses, each once, in order of first use.</summary>
    public static IReadOnlyList<string> Placeholders(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return [.. Tokens().Matches(body).Where(m => m.Groups["name"].Success).Select(m => m.Groups["name"].Value).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The body with every placeholder replaced by <paramref name="valueOf"/>'s answer, inserted as it is.</summary>
    public static string Render(string body, Func<string, string> valueOf)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(valueOf);
        return Tokens().Replace(body, m => m.Value switch
        {
            "{{" => "{",
            "}}" => "}",
            _ => valueOf(m.Groups["name"].Value),
        });
    }

    /// <summary>
    /// The body with each placeholder wrapped so a translator leaves it alone: the Translator's dynamic dictionary
    /// (<c>&lt;mstrans:dictionary translation="{x}"&gt;{x}&lt;/mstrans:dictionary&gt;</c>) makes the service output exactly
    /// the given "translation", the placeholder itself. Literal braces stay escaped.
    /// </summary>
    public static string Protect(string body) =>
        Tokens().Replace(body ?? throw new ArgumentNullException(nameof(body)), m => m.Groups["name"].Success
            ? $"<mstrans:dictionary translation=\"{m.Value}\">{m.Value}</mstrans:dictionary>"
            : m.Value);

    /// <summary>
    /// A translated body back as a template body: any dictionary markup the service left is unwrapped; null when a
    /// placeholder of <paramref name="original"/> is missing or one was added (the translation cannot be used).
    /// </summary>
    public static string? Unprotect(string translated, string original)
    {
        ArgumentNullException.ThrowIfNull(translated);
        ArgumentNullException.ThrowIfNull(original);
        var text = DictionaryMarkup().Replace(translated, m => m.Groups["translation"].Value);
        var expected = Placeholders(original).Order(StringComparer.Ordinal);
        var actual = Placeholders(text).Order(StringComparer.Ordinal);
        return expected.SequenceEqual(actual, StringComparer.Ordinal) ? text : null;
    }

    /// <summary>Escapes literal braces so <paramref name="text"/> renders as itself.</summary>
    public static string Literal(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new StringBuilder(text).Replace("{", "{{").Replace("}", "}}").ToString();
    }

    [GeneratedRegex(@"\{\{|\}\}|\{(?<name>[A-Za-z][A-Za-z0-9]{0,31})\}", RegexOptions.CultureInvariant)]
    private static partial Regex Tokens();

    [GeneratedRegex("""<mstrans:dictionary\s+translation="(?<translation>[^"]*)"\s*>.*?</mstrans:dictionary>""",
        RegexOptions.CultureInvariant | RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex DictionaryMarkup();
}
