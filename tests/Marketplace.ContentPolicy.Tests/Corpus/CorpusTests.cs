using System.Globalization;
using System.Text;
using Xunit.Abstractions;

namespace Marketplace.ContentPolicy.Tests.Corpus;

/// <summary>Precision and recall of the detectors over the hand-written, labelled multilingual corpus.</summary>
public sealed class CorpusTests(ITestOutputHelper output)
{
    private const double MinimumPrecision = 0.97;
    private const double MinimumRecall = 0.95;

    private static readonly IReadOnlyList<CorpusMessage> Messages = CorpusMessage.Load();

    [Fact]
    public void Corpus_Shape_HasEnoughMessagesCleanTrapsAndLanguages()
    {
        Assert.True(Messages.Count >= 240, $"corpus has {Messages.Count} messages");
        Assert.True(Messages.Count(m => m.Expected.Count == 0) >= Messages.Count * 0.4, "at least 40% clean messages");
        Assert.Equal(["de", "en", "es", "fr", "pl", "pt"], Messages.Select(m => m.Language).Distinct().Order(StringComparer.Ordinal));
        Assert.All(Messages.SelectMany(m => m.Expected), r => Assert.Contains(r, ReasonCodes.All));
    }

    [Fact]
    public void Evaluate_LabelledCorpus_MeetsPrecisionAndRecallTargets()
    {
        var total = new Counts();
        var byReason = ReasonCodes.All.ToDictionary(r => r, _ => new Counts());
        var byLanguage = new SortedDictionary<string, Counts>(StringComparer.Ordinal);
        var mistakes = new StringBuilder();

        foreach (var message in Messages)
        {
            var predicted = Policy.Check(message.Text).Findings.Select(f => f.ReasonCode).ToHashSet(StringComparer.Ordinal);
            var language = byLanguage.TryGetValue(message.Language, out var c) ? c : byLanguage[message.Language] = new Counts();
            foreach (var reason in predicted.Union(message.Expected))
            {
                var hit = predicted.Contains(reason);
                var wanted = message.Expected.Contains(reason);
                total.Add(hit, wanted);
                byReason[reason].Add(hit, wanted);
                language.Add(hit, wanted);
            }

            if (!predicted.SetEquals(message.Expected))
            {
                mistakes.AppendLine(CultureInfo.InvariantCulture,
                    $"  line {message.Line} [{message.Language}] expected [{string.Join(",", message.Expected.Order())}] got [{string.Join(",", predicted.Order())}]: {message.Text}");
            }
        }

        output.WriteLine($"corpus: {Messages.Count} messages, {Messages.Count(m => m.Expected.Count == 0)} clean");
        output.WriteLine($"overall: {total}");
        foreach (var (reason, counts) in byReason)
        {
            output.WriteLine($"  {reason,-22} {counts}");
        }

        foreach (var (language, counts) in byLanguage)
        {
            output.WriteLine($"  {language,-22} {counts}");
        }

        output.WriteLine(mistakes.Length == 0 ? "no mismatches" : "mismatches:\n" + mistakes);

        Assert.True(total.Precision >= MinimumPrecision, $"precision {total.Precision:0.000} < {MinimumPrecision}");
        Assert.True(total.Recall >= MinimumRecall, $"recall {total.Recall:0.000} < {MinimumRecall}");
    }

    private sealed class Counts
    {
        public int TruePositives { get; private set; }

        public int FalsePositives { get; private set; }

        public int FalseNegatives { get; private set; }

        public double Precision => TruePositives + FalsePositives == 0 ? 1 : (double)TruePositives / (TruePositives + FalsePositives);

        public double Recall => TruePositives + FalseNegatives == 0 ? 1 : (double)TruePositives / (TruePositives + FalseNegatives);

        public void Add(bool hit, bool wanted)
        {
            if (hit && wanted)
            {
                TruePositives++;
            }
            else if (hit)
            {
                FalsePositives++;
            }
            else if (wanted)
            {
                FalseNegatives++;
            }
        }

        public override string ToString() =>
            string.Create(CultureInfo.InvariantCulture, $"precision {Precision:0.000} recall {Recall:0.000} (TP {TruePositives}, FP {FalsePositives}, FN {FalseNegatives})");
    }
}
