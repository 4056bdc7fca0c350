using System.Diagnostics;
using System.Globalization;
using Marketplace.ContentPolicy.Detection;
using Marketplace.ContentPolicy.Text;

namespace Marketplace.ContentPolicy.Benchmarks;

/// <summary>Median time of each detector over the sample messages, to see where the time of one evaluation goes.</summary>
internal static class DetectorTimings
{
    public static void Print(IReadOnlyList<(string Name, bool Dirty, string Text)> messages, int rounds)
    {
        var profile = new CompiledProfile("generic", BuiltInProfiles.Create(BuiltInProfiles.Generic)!, UrlDetector.DefaultCarrierDomains);
        (string Name, Action<DetectionContext> Run)[] detectors =
        [
            ("html", HtmlDetector.Detect), ("emoji", EmojiDetector.Detect),
            ("email", EmailDetector.Detect), ("url", UrlDetector.Detect), ("social", SocialDetector.Detect),
            ("payment", PaymentDetector.Detect), ("phone", PhoneDetector.Detect), ("spelled", SpelledNumberDetector.Detect), ("contact-request", ContactRequestDetector.Detect), ("address", AddressDetector.Detect),
            ("review", ReviewDetector.Detect), ("promotion", PromotionDetector.Detect),
        ];
        var samples = rounds * messages.Count;
        var ticks = new long[detectors.Length + 1][];
        for (var d = 0; d < ticks.Length; d++)
        {
            ticks[d] = new long[samples];
        }

        var n = 0;
        for (var r = 0; r < rounds; r++)
        {
            foreach (var (_, _, text) in messages)
            {
                var t0 = Stopwatch.GetTimestamp();
                using var normalized = NormalizedText.Create(text);
                ticks[^1][n] = Stopwatch.GetTimestamp() - t0;
                var context = new DetectionContext(normalized, profile);
                for (var d = 0; d < detectors.Length; d++)
                {
                    var start = Stopwatch.GetTimestamp();
                    detectors[d].Run(context);
                    ticks[d][n] = Stopwatch.GetTimestamp() - start;
                }

                n++;
            }
        }

        // Medians: on a shared machine a mean is dominated by the moments the thread was not scheduled.
        for (var d = 0; d < ticks.Length; d++)
        {
            Array.Sort(ticks[d]);
            var name = d < detectors.Length ? detectors[d].Name : "normalize";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-13} {ticks[d][samples / 2] * 1e6 / Stopwatch.Frequency,8:0.0} µs median"));
        }
    }
}
