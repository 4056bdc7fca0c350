using System.Globalization;

namespace Marketplace.Workflows.Benchmarks;

/// <summary>The command line (see Program.cs for what each option means).</summary>
internal sealed record BenchmarkOptions(
    int Count,
    int Rate,
    TimeSpan ReplyWithin,
    TimeSpan RemindBefore,
    int Sellers,
    TimeSpan StallLimit,
    TimeSpan? KillAfter,
    TimeSpan KeepWaitingAfterBreach,
    string? ConnectionString,
    IReadOnlyDictionary<string, string> AppSettings,
    bool Claims = false,
    bool Translation = false,
    bool Refunds = false,
    int ApprovalRate = 0,
    bool Templates = false,
    bool DeadlineList = false)
{
    public static BenchmarkOptions Parse(string[] args)
    {
        var killAfter = Value(args, "--kill-after-seconds");
        var appSettings = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i++)
        {
            if (args[i] == "--app-setting")
            {
                var setting = args[i + 1].Split('=', 2);
                if (setting.Length != 2 || setting[0].Length == 0)
                {
                    throw new ArgumentException($"--app-setting takes Section:Key=value, not '{args[i + 1]}'.");
                }

                appSettings[setting[0]] = setting[1];
            }
        }

        return new BenchmarkOptions(
            Int(args, "--count", 10_000),
            Int(args, "--rate", 20),
            TimeSpan.FromSeconds(Int(args, "--reply-within", 1000)),
            TimeSpan.FromSeconds(Int(args, "--remind-before", 400)),
            Int(args, "--sellers", 20),
            TimeSpan.FromSeconds(Int(args, "--stall-seconds", 120)),
            killAfter is null ? null : TimeSpan.FromSeconds(int.Parse(killAfter, CultureInfo.InvariantCulture)),
            TimeSpan.FromSeconds(Int(args, "--keep-waiting-after-breach", 5)),
            Value(args, "--connection-string"),
            appSettings,
            args.Contains("--claims"),
            args.Contains("--translation"),
            args.Contains("--refunds"),
            Int(args, "--approval-rate", 0),
            args.Contains("--templates"),
            args.Contains("--deadline-list"));
    }

    private static int Int(string[] args, string name, int fallback) =>
        Value(args, name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    private static string? Value(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
