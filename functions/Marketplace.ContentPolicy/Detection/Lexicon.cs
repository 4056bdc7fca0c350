using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Marketplace.ContentPolicy.Text;

namespace Marketplace.ContentPolicy.Detection;

/// <summary>
/// The lexicon (built-in Data/lexicon.json plus a profile's additions) compiled into the matchers the detectors use.
/// Built once per distinct set of additions; profiles without additions share the built-in one.
/// </summary>
internal sealed class Lexicon
{
    private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.NonBacktracking | RegexOptions.ExplicitCapture;

    private static readonly Lazy<Dictionary<string, string[]>> BuiltInTerms = new(LoadBuiltIn);
    private static readonly Lazy<Lexicon> BuiltInLexicon = new(() => new Lexicon(BuiltInTerms.Value));

    private Lexicon(Dictionary<string, string[]> terms)
    {
        NumberWords = ParseNumberWords(terms[LexiconCategories.NumberWords]);
        NumberWordLookup = NumberWords.GetAlternateLookup<ReadOnlySpan<char>>();
        NumberWordStarts = new bool[128];
        foreach (var word in NumberWords.Keys)
        {
            NumberWordStarts[word[0] & 127] = true;
        }
        NumberFillers = new HashSet<string>(terms[LexiconCategories.NumberFillers], StringComparer.Ordinal);
        NumberFillerFirstWords = new HashSet<string>(NumberFillers.Select(f => f.Split(' ')[0]), StringComparer.Ordinal);
        MaxFillerWords = NumberFillers.Count == 0 ? 0 : NumberFillers.Max(f => f.Count(c => c == ' ') + 1);

        var messengers = Alternation(terms[LexiconCategories.Messengers]);
        var slang = Alternation([.. terms[LexiconCategories.Messengers], .. terms[LexiconCategories.MessengerSlang]]);
        var verbs = Alternation(terms[LexiconCategories.ContactVerbs]);
        MessengerInvitation = new Regex(
            $$"""
            (?:
              # "on WhatsApp", "por wasap", "na fejsie", "sur Insta", "über Telegram", "my insta", "mi IG"
              \b(?:(?:on|via|through|by|in|at|por|pelo|pela|no|na|en|em|sur|par|auf|uber|per|bei|przez|w|al|ao)\s+(?:the\s+|el\s+|o\s+|le\s+|mein(?:em)?\s+|mi\s+|my\s+|meu\s+|nuestro\s+|moj\w*\s+|mon\s+)?
                |(?:my|our|your|mi|mis|tu|nuestro|nuestra|nuestros|meu|minha|nosso|nossa|teu|tua|seu|sua|moj|moje|moim|moja|twoj\w*|nasz|naszym|nasza|mon|ma|ton|ta|votre|notre|mein|meine|meinem|dein|deine|unser|unsere|unserem)\s+)
              (?:{{messengers}})\b
              # "WhatsApp: 11 98765…", "insta: shop_name", "IG @name"
             |\b(?:{{messengers}})\s*[:=]\s*@?[a-z0-9+(][a-z0-9_.() -]{2,}
              # "write me … WhatsApp", "add me on snap", "napisz … na fejsie", "schreib mir auf WA"
             |\b(?:{{verbs}})\w*\b[^.!?\n]{0,40}?\b(?:{{slang}})\b
            )
            """, Options | RegexOptions.IgnorePatternWhitespace);
        // "whats 11 98765 4321": a messenger's name right before a number invites to it without a verb. The name alone is
        // the group "name", so the number stays the phone detector's finding.
        MessengerBeforeNumber = new Regex($$"""\b(?<name>{{messengers}})\s+\+?\(?\d[\d ()-]{6,}""", Options);
        MessengerParaphrase = Words(terms[LexiconCategories.MessengerParaphrases]);
        ContactVerb = Words(terms[LexiconCategories.ContactVerbs]);
        Negation = Words(terms[LexiconCategories.Negations]);
        PaymentApp = Words(terms[LexiconCategories.PaymentApps]);
        PaymentCue = Words(terms[LexiconCategories.PaymentCues]);
        OnPlatformPayment = Words(terms[LexiconCategories.OnPlatformPayment]);
        OffPlatformHook = Words(terms[LexiconCategories.OffPlatformHooks]);
        OffPlatformDestination = Words(terms[LexiconCategories.OffPlatformDestinations]);
        Marketing = Words(terms[LexiconCategories.MarketingPhrases]);
        ReviewRequest = Words(terms[LexiconCategories.ReviewRequests]);
    }

    /// <summary>Number words and their values (0-19, tens, hundreds), accent-folded.</summary>
    public Dictionary<string, int> NumberWords { get; }

    /// <summary>Looks number words up by span, without allocating a string per token.</summary>
    public Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> NumberWordLookup { get; }

    /// <summary>First letters of number words (ASCII): most tokens are ruled out by their first letter.</summary>
    public bool[] NumberWordStarts { get; }

    public HashSet<string> NumberFillers { get; }

    /// <summary>First words of the fillers, to rule out most words without building phrases.</summary>
    public HashSet<string> NumberFillerFirstWords { get; }

    public int MaxFillerWords { get; }

    public Regex MessengerInvitation { get; }

    public Regex MessengerBeforeNumber { get; }

    public Regex MessengerParaphrase { get; }

    public Regex ContactVerb { get; }

    public Regex Negation { get; }

    public Regex PaymentApp { get; }

    public Regex PaymentCue { get; }

    public Regex OnPlatformPayment { get; }

    public Regex OffPlatformHook { get; }

    public Regex OffPlatformDestination { get; }

    public Regex Marketing { get; }

    public Regex ReviewRequest { get; }

    /// <summary>The built-in lexicon, or one with a profile's additions.</summary>
    /// <exception cref="ArgumentException">An addition names an unknown category or is not a usable term.</exception>
    public static Lexicon For(IReadOnlyDictionary<string, List<string>>? additions)
    {
        if (additions is null || additions.All(a => a.Value is not { Count: > 0 }))
        {
            return BuiltInLexicon.Value;
        }

        var terms = BuiltInTerms.Value.ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);
        foreach (var (category, added) in additions)
        {
            var key = LexiconCategories.All.FirstOrDefault(c => c.Equals(category, StringComparison.OrdinalIgnoreCase))
                ?? throw new ArgumentException(
                    $"Unknown lexicon category '{category}'. Known categories: {string.Join(", ", LexiconCategories.All)}.", nameof(additions));
            terms[key] = [.. terms[key], .. added.Select(t => Fold(t, category)).Where(t => t.Length > 0)];
        }

        return new Lexicon(terms);
    }

    /// <summary>True when the sentence holding [start, end) says "not" before it ("I can't use WhatsApp").</summary>
    public bool IsNegated(string text, int start)
    {
        var sentenceStart = start;
        while (sentenceStart > 0 && start - sentenceStart < 80 && text[sentenceStart - 1] is not ('.' or '!' or '?' or '\n' or ';'))
        {
            sentenceStart--;
        }

        return Negation.IsMatch(text.AsSpan(sentenceStart, start - sentenceStart));
    }

    private static Dictionary<string, string[]> LoadBuiltIn()
    {
        using var stream = typeof(Lexicon).Assembly.GetManifestResourceStream("Marketplace.ContentPolicy.lexicon.json")
            ?? throw new InvalidOperationException("The built-in content-policy lexicon is missing from the assembly.");
        using var doc = JsonDocument.Parse(stream);
        var terms = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var category in LexiconCategories.All)
        {
            terms[category] = doc.RootElement.TryGetProperty(category, out var list)
                ? [.. list.EnumerateArray().Select(e => Fold(e.GetString() ?? string.Empty, category)).Where(t => t.Length > 0)]
                : [];
        }

        return terms;
    }

    // Terms are matched against normalized text, so they are normalized the same way ("dzwoń" -> "dzwon").
    private static string Fold(string term, string category)
    {
        using var normalized = NormalizedText.Create(term.Trim());
        var folded = string.Join(' ', normalized.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        if (folded.Length > 80)
        {
            throw new ArgumentException($"Lexicon term in '{category}' is longer than 80 characters: '{folded[..40]}…'.", nameof(term));
        }

        return folded;
    }

    private static Dictionary<string, int> ParseNumberWords(string[] entries)
    {
        var words = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var eq = entry.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || !int.TryParse(entry.AsSpan(eq + 1).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value)
                || !(value < 100 || (value <= 900 && value % 100 == 0)))
            {
                throw new ArgumentException($"Number word '{entry}' must be 'word=value' with a value 0-99 or a multiple of 100 up to 900.", nameof(entries));
            }

            words[entry[..eq].Trim()] = value;
        }

        return words;
    }

    private static Regex Words(IEnumerable<string> terms) =>
        new($@"\b(?:{Alternation(terms)})\b", Options);

    // Longest terms first, so "whats app" wins over "whats"; every character literal except ' ' and '*'.
    private static string Alternation(IEnumerable<string> terms)
    {
        var builder = new StringBuilder();
        foreach (var term in terms.Distinct(StringComparer.Ordinal).OrderByDescending(t => t.Length))
        {
            if (builder.Length > 0)
            {
                builder.Append('|');
            }

            foreach (var c in term)
            {
                builder.Append(c switch
                {
                    ' ' => @"\s+",
                    '*' => @"\w*",
                    _ => Regex.Escape(c.ToString()),
                });
            }
        }

        return builder.Length == 0 ? "(?!)" : builder.ToString();
    }
}
