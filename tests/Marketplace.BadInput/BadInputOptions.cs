using System.Globalization;

namespace Marketplace.BadInput;

/// <summary>How many malformed requests, in what order (the seed), how many at once, and how much of the app's log to show.</summary>
public sealed record BadInputOptions
{
    public int Requests { get; init; } = 5000;

    public int Seed { get; init; } = 1;

    public int Concurrency { get; init; } = 16;

    /// <summary>The app's Logging:LogLevel:Default ("Error" shows the stack traces behind 5xx on standard error; "None" nothing).</summary>
    public string AppLogLevel { get; init; } = "Error";

    /// <summary>Only probes whose "family/kind" contains this (for investigating one finding); null: all.</summary>
    public string? Only { get; init; }

    /// <summary>A file to write every request and its answer to, one per line (tab-separated); null: none.</summary>
    public string? DumpPath { get; init; }

    /// <summary>Reads --requests N, --seed S, --concurrency C, --app-log LEVEL, --only FAMILY/KIND, --dump FILE.</summary>
    public static BadInputOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new BadInputOptions();
        for (var i = 0; i + 1 < args.Count; i += 2)
        {
            options = args[i] switch
            {
                "--requests" => options with { Requests = int.Parse(args[i + 1], CultureInfo.InvariantCulture) },
                "--seed" => options with { Seed = int.Parse(args[i + 1], CultureInfo.InvariantCulture) },
                "--concurrency" => options with { Concurrency = int.Parse(args[i + 1], CultureInfo.InvariantCulture) },
                "--app-log" => options with { AppLogLevel = args[i + 1] },
                "--only" => options with { Only = args[i + 1] },
                "--dump" => options with { DumpPath = args[i + 1] },
                _ => throw new ArgumentException($"Unknown option '{args[i]}'. Use --requests N, --seed S, --concurrency C, --app-log LEVEL, --only FAMILY/KIND, --dump FILE."),
            };
        }

        return options;
    }
}
