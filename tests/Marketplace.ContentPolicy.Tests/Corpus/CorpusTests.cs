using System.Globalization;
using System.Text;
using Xunit.Abstractions;

namespace Marketplace.ContentPolicy.Tests.Corpus;

/// <summary>
/// Precision and recall of the detectors over the hand-written, labelled multilingual corpus.
/// </summary>
/// <remarks>
/// Three files: messages.jsonl (the original corpus) and evasions-tune.jsonl are what the detectors and lexicons were
/// tuned on (evasions-tune.jsonl also holds the first holdout, once it had been seen); evasions-holdout.jsonl is the
/// second holdout, 150 messages written before the last round of fixes and measured once, not looked at while tuning,
/// so its figures are the honest ones. Don't tune on the holdout: when it has been seen, move it into the tuning set
/// and write a new one.
/// </remarks>
public sealed class CorpusTests(ITestOutputHelper output)
{
    private static readonly IReadOnlyList<CorpusMessage> Original = CorpusMessage.Load();
    private static readonly IReadOnlyList<CorpusMessage> EvasionsTune = CorpusMessage.Load("evasions-tune.jsonl");
    private static readonly IReadOnlyList<CorpusMessage> EvasionsHoldout = CorpusMessage.Load("evasions-holdout.jsonl");

    [Fact]
    public void Corpus_Shape_HasEnoughMessagesCleanTrapsAndLanguages()
    {
        string[] languages = ["de", "en", "es", "fr", "pl", "pt"];
        foreach (var (messages, minimum) in new[] { (Original, 240), (EvasionsTune, 150), (EvasionsHoldout, 150) })
        {
            Assert.True(messages.Count >= minimum, $"corpus has {messages.Count} messages");
            Assert.True(messages.Count(m => m.Expected.Count == 0) >= messages.Count * 0.4, "at least 40% clean messages");
            Assert.Equal(languages, messages.Select(m => m.Language).Distinct().Order(StringComparer.Ordinal));
            Assert.All(messages.SelectMany(m => m.Expected), r => Assert.Contains(r, ReasonCodes.All));
        }

        Assert.True(EvasionsTune.Count + EvasionsHoldout.Count >= 300, "at least 300 evasion-family messages");
        Assert.Empty(EvasionsTune.Select(m => m.Text).Intersect(EvasionsHoldout.Select(m => m.Text), StringComparer.Ordinal));
    }

    [Fact]
    public void Evaluate_TuningCorpus_MeetsPrecisionAndRecallTargets()
    {
        var score = Score([.. Original, .. EvasionsTune]);

        Assert.True(score.Total.Precision >= 0.98, $"precision {score.Total.Precision:0.000} < 0.98");
        Assert.True(score.Total.Recall >= 0.95, $"recall {score.Total.Recall:0.000} < 0.95");
    }

    // On the split nobody tuned on. Issue 17 asks for precision >= 0.98 with clean traps passing; the second holdout,
    // measured once: precision 0.987 (1 false alarm), recall 0.974, every language >= 0.917, clean traps 75/75.
    [Fact]
    public void Evaluate_HoldoutCorpus_MeetsPrecisionRecallAndPerLanguageRecall()
    {
        var score = Score(EvasionsHoldout);

        Assert.True(score.Total.Precision >= 0.98, $"precision {score.Total.Precision:0.000} < 0.98");
        Assert.True(score.Total.Recall >= 0.95, $"recall {score.Total.Recall:0.000} < 0.95");
        Assert.All(score.ByLanguage, l => Assert.True(l.Value.Recall >= 0.90, $"{l.Key} recall {l.Value.Recall:0.000} < 0.90"));
        Assert.True(score.CleanPassRate >= 0.97, $"clean traps passed {score.CleanPassRate:0.000} < 0.97");
    }

    private CorpusScore Score(IReadOnlyList<CorpusMessage> messages)
    {
        var total = new Counts();
        var byReason = ReasonCodes.All.ToDictionary(r => r, _ => new Counts());
        var byLanguage = new SortedDictionary<string, Counts>(StringComparer.Ordinal);
        var mistakes = new StringBuilder();
        var clean = 0;
        var cleanPassed = 0;

        foreach (var message in messages)
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

            if (message.Expected.Count == 0)
            {
                clean++;
                cleanPassed += predicted.Count == 0 ? 1 : 0;
            }

            if (!predicted.SetEquals(message.Expected))
            {
                mistakes.AppendLine(CultureInfo.InvariantCulture,
                    $"  line {message.Line} [{message.Language}] expected [{string.Join(",", message.Expected.Order())}] got [{string.Join(",", predicted.Order())}]: {message.Text}");
            }
        }

        var score = new CorpusScore(total, byLanguage, clean == 0 ? 1 : (double)cleanPassed / clean);
        output.WriteLine($"corpus: {messages.Count} messages, {clean} clean");
        output.WriteLine($"overall: {total}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"clean traps passed: {cleanPassed}/{clean} ({score.CleanPassRate:0.000})"));
        foreach (var (reason, counts) in byReason)
        {
            output.WriteLine($"  {reason,-22} {counts}");
        }

        foreach (var (language, counts) in byLanguage)
        {
            output.WriteLine($"  {language,-22} {counts}");
        }

        output.WriteLine(mistakes.Length == 0 ? "no mismatches" : "mismatches:\n" + mistakes);
        return score;
    }

    private sealed record CorpusScore(Counts Total, SortedDictionary<string, Counts> ByLanguage, double CleanPassRate);

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
