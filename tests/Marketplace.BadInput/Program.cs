// Bad-input suite: starts a private Azurite and the app, sends thousands of malformed requests (webhooks, API, forged
// tokens, path tricks, the durable management API), and checks that none gets a 5xx, exception text or an error that
// is not a problem document with a code, that no forgery is accepted, and that storage is unchanged. Prints a table of
// counts by family and status, and every finding. Exit code 1 if anything was found.
// Usage: dotnet run -c Release --project tests/Marketplace.BadInput -- [--requests 5000] [--seed 1] [--concurrency 16] [--app-log Error] [--only FAMILY/KIND] [--dump FILE]
// (build the app first: dotnet build functions/Marketplace.Functions -c Release; scripts/bad-input.sh does both)
using Marketplace.BadInput;

var options = BadInputOptions.Parse(args);
var report = await BadInputSuite.RunAsync(options, Console.Out);
Console.WriteLine();
Console.WriteLine(report.Format());
if (options.DumpPath is not null)
{
    await report.DumpAsync(options.DumpPath, CancellationToken.None);
    Console.WriteLine($"Every request and answer: {options.DumpPath}");
}

return report.Passed ? 0 : 1;
