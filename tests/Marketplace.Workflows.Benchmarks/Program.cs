// Reply-deadline benchmarks, end to end: a private Azurite with its data on disk, the app in its own process
// (self-hosted on DurableTask.AzureStorage, as scripts/run.sh runs it) and one local HTTP endpoint per seller. It
// configures each seller's reminder webhook through the seller API, creates N orders, then posts N signed buyer messages
// at a steady rate, each opening a reply deadline (deadline length and reminder offset configured short). Nobody
// replies, so every deadline sends one reminder and then breaches.
//
// Lateness (the default): how late each reminder and breach webhook reached the seller's endpoint against its scheduled
// instant (p50/p99/max; a webhook must never arrive early), that every signature verified, the app's resident memory
// once all N deadlines were open (before the first reminder) and its peak, and the seller API's view at the end. The
// defaults post for less time than the first reminder takes to fall due, so all N deadlines are open at once; the
// engine's timers then wait as control-queue messages that become visible when due, as 24-hour deadlines do.
//
// Crash recovery (--kill-after-seconds S): the app is killed with SIGKILL S seconds after the first buyer message and
// started again at once; deadlines give up --keep-waiting-after-breach seconds after breaching, so every orchestration
// completes. It reports the time from the restart to the first and the last notification held up by the crash, to the
// last notification and to the last orchestration's completion, and duplicated or early notifications at the seller.
//
// Claims (--claims, with --count N): N orders with totals; each buyer opens a claim through the API and the seller refunds
// it in full, 16 at a time; claims/s and the open's and the action's latency (scripts/bench-claims.sh).
//
// Translation (--translation, with --count N): N API messages between buyers and sellers who read 6 languages, translated
// by a local fake Translator: Translator calls and characters billed at delivery, on reads (the cache) and on demand,
// and the send latency with translation on against off (scripts/bench-translation.sh).
// Refunds (--refunds, with --count N): N claims refunded through the API, each refund's approval request received at a
// local finance system, then each approved through its signed callback URL and paid by a local payment system; the time
// from each approval to its payment request, p50/p99 (scripts/bench-refunds.sh).
//
// Templates (--templates, with --count N): N template sends (POST messages with templateId) against as many plain sends,
// buyers reading another language than the template's (fake Translator): p50/p99 of each (scripts/bench-templates.sh).
//
// Deadline list (--deadline-list, with --count N): a seller's open-deadline list read against N answered deadlines, next to
// the query it used before open deadlines had their own copies (scripts/bench-deadlines.sh --deadline-list --count 20000).
//
// All print Azurite's raw rates in the same run, since figures here depend on the machine and its load.
// Usage: scripts/bench-deadlines.sh [--count N] [--rate PER_SECOND] [--reply-within SECONDS] [--remind-before SECONDS]
//   [--sellers K] [--stall-seconds S] [--kill-after-seconds S [--keep-waiting-after-breach S]]
//   [--app-setting Section:Key=value ...] [--connection-string S]
using Marketplace.Workflows.Benchmarks;
using Serverless.Testing;

var options = BenchmarkOptions.Parse(args);
Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}" +
    (File.Exists("/proc/loadavg") ? $"; load average {File.ReadAllText("/proc/loadavg").Trim()}" : ""));

// --connection-string: an Azurite (or account) started elsewhere, e.g. under a profiler; otherwise a private one.
await using var azurite = options.ConnectionString is null ? await AzuriteProcess.StartOnDiskAsync() : null;
var connectionString = options.ConnectionString ?? azurite!.Endpoints.ConnectionString;
Console.WriteLine(azurite is null ? "Azurite: given by --connection-string." : $"Azurite: private, data on disk in {azurite.DataDirectory}.");
Console.WriteLine(await AzuriteRawRates.MeasureAsync(connectionString));

return options.DeadlineList ? await DeadlineListRun.RunAsync(options, connectionString)
    : options.Templates ? await TemplateSendRun.RunAsync(options, connectionString)
    : options.Translation ? await TranslationRun.RunAsync(options, connectionString)
    : options.Refunds ? await RefundsRun.RunAsync(options, connectionString)
    : options.Claims ? await ClaimsRun.RunAsync(options, connectionString)
    : options.KillAfter is null ? await DeadlineLatenessRun.RunAsync(options, connectionString)
    : await CrashRecoveryRun.RunAsync(options, connectionString);
