using System.Globalization;

namespace Serverless.DurableTask.Benchmarks;

/// <summary>Command line: a scenario name, then --count N, --connection-string S, --concurrency N, --lead SECONDS, --window SECONDS, --background N, --queues-only.</summary>
internal sealed record BenchmarkArguments(string Scenario, int? Count, string? ConnectionString, int Concurrency, int? LeadSeconds, int WindowSeconds, int Background, bool QueuesOnly)
{
    public static BenchmarkArguments Parse(string[] args)
    {
        if (args.Length == 0)
        {
            throw new ArgumentException("Usage: <hello-cities|timers|memory> [--count N] [--concurrency N] [--lead SECONDS] [--window SECONDS] [--background N] [--connection-string S] [--queues-only]");
        }

        int? count = null;
        int? lead = null;
        int window = 10;
        int background = 0;
        int concurrency = 32;
        string? connectionString = null;
        bool queuesOnly = false;
        for (int i = 1; i < args.Length; i += 2)
        {
            if (args[i] == "--queues-only")
            {
                // Local dispatch off: every message through the queues (what DurableTask.AzureStorage does).
                queuesOnly = true;
                i--;
                continue;
            }

            string value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--count":
                    count = int.Parse(value, CultureInfo.InvariantCulture);
                    break;
                case "--concurrency":
                    concurrency = int.Parse(value, CultureInfo.InvariantCulture);
                    break;
                case "--lead":
                    lead = int.Parse(value, CultureInfo.InvariantCulture);
                    break;
                case "--window":
                    window = int.Parse(value, CultureInfo.InvariantCulture);
                    break;
                case "--background":
                    background = int.Parse(value, CultureInfo.InvariantCulture);
                    break;
                case "--connection-string":
                    connectionString = value;
                    break;
                default:
                    throw new ArgumentException($"Unknown option {args[i]}.");
            }
        }

        return new BenchmarkArguments(args[0], count, connectionString, concurrency, lead, window, background, queuesOnly);
    }
}
