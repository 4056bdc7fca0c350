using System.Text.Json;

namespace Marketplace.ContentPolicy.Tests.Corpus;

/// <summary>One labelled corpus message: language, text and the reason codes it should raise (none for clean text).</summary>
internal sealed record CorpusMessage(int Line, string Language, string Text, IReadOnlySet<string> Expected)
{
    /// <summary>The messages of one corpus file (Corpus/{fileName} beside the test assembly).</summary>
    public static IReadOnlyList<CorpusMessage> Load(string fileName = "messages.jsonl")
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Corpus", fileName);
        var messages = new List<CorpusMessage>();
        var line = 0;
        foreach (var json in File.ReadLines(path))
        {
            line++;
            if (string.IsNullOrWhiteSpace(json))
            {
                continue;
            }

            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            var expected = root.GetProperty("expected").EnumerateArray().Select(e => e.GetString()!).ToHashSet(StringComparer.Ordinal);
            messages.Add(new CorpusMessage(line, root.GetProperty("lang").GetString()!, root.GetProperty("text").GetString()!, expected));
        }

        return messages;
    }
}
