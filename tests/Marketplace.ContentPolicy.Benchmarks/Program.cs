using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;
using Marketplace.ContentPolicy;
using Marketplace.ContentPolicy.Benchmarks;

// Measures ContentPolicyEngine.Evaluate on 2 000-character messages after warm-up; prints p50/p99/max and throughput.
// dotnet run -c Release --project tests/Marketplace.ContentPolicy.Benchmarks -- [--iterations N] [--per-message] [--detectors]
var iterations = 20_000;
for (var i = 0; i < args.Length - 1; i++)
{
    if (args[i] == "--iterations" && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var n) && n > 0)
    {
        iterations = n;
    }
}

var engine = new ContentPolicyEngine();
var messages = SampleMessages.Build();
var requests = messages.Select((m, i) => SampleMessages.Request(m.Text, i)).ToArray();

Console.WriteLine($"machine: {Environment.ProcessorCount} logical cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}");
Console.WriteLine($"GC: {(GCSettings.IsServerGC ? "server" : "workstation")}, concurrent={AppContext.GetData("System.GC.Concurrent") ?? "default(true)"}, latency mode {GCSettings.LatencyMode}");
Console.WriteLine($"load average: {(File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a")}");
if (args.Contains("--show-findings"))
{
    foreach (var (m, i) in messages.Select((m, i) => (m, i)))
    {
        foreach (var f in engine.Evaluate(requests[i]).Findings)
        {
            Console.WriteLine($"  {m.Name}: {f.ReasonCode} {f.Kind} '{m.Text.Substring(f.Start, f.Length)}'");
        }
    }
}
Console.WriteLine($"messages: {messages.Count} x {SampleMessages.Length} chars ({messages.Count(m => m.Dirty)} dirty), iterations {iterations}");

// Warm-up: tier-up the JIT and fill libphonenumber's metadata caches.
var warmup = Stopwatch.StartNew();
var warmFindings = 0;
for (var round = 0; round < 100 || warmup.Elapsed < TimeSpan.FromSeconds(3); round++)
{
    for (var i = 0; i < requests.Length; i++)
    {
        warmFindings += engine.Evaluate(requests[i]).Findings.Count;
    }
}

if (args.Contains("--detectors"))
{
    Console.WriteLine("per detector (median per 2 000-char message):");
    DetectorTimings.Print(messages, rounds: 200);
}

var cpuBefore = Environment.CpuUsage.UserTime + Environment.CpuUsage.PrivilegedTime;
var threadCpuBefore = ThreadCpu.Nanoseconds();
var samples = new long[iterations];
var dirty = new bool[iterations];
var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
var gen0Before = GC.CollectionCount(0);
var total = Stopwatch.StartNew();
var findings = 0;
for (var i = 0; i < iterations; i++)
{
    var k = i % requests.Length;
    var start = Stopwatch.GetTimestamp();
    var decision = engine.Evaluate(requests[k]);
    samples[i] = Stopwatch.GetTimestamp() - start;
    dirty[i] = messages[k].Dirty;
    findings += decision.Findings.Count;
}

total.Stop();
var cpuPerMessage = (Environment.CpuUsage.UserTime + Environment.CpuUsage.PrivilegedTime - cpuBefore).TotalMicroseconds / iterations;
var threadCpuPerMessage = (ThreadCpu.Nanoseconds() - threadCpuBefore) / 1000.0 / iterations;
var allocatedPerMessage = (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / iterations;

Report("all", [.. samples]);
Report("clean", [.. samples.Where((_, i) => !dirty[i])]);
if (args.Contains("--per-message"))
{
    for (var k = 0; k < messages.Count; k++)
    {
        Report(messages[k].Name, [.. samples.Where((_, i) => i % requests.Length == k)]);
    }
}

Report("dirty", [.. samples.Where((_, i) => dirty[i])]);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"throughput: {iterations / total.Elapsed.TotalSeconds:0} messages/s on one thread; CPU of the measuring thread {threadCpuPerMessage:0.0} µs per message (process {cpuPerMessage:0.0} µs); wall {total.Elapsed.TotalMicroseconds / iterations:0.0} µs per message; {allocatedPerMessage / 1024.0:0.0} KiB allocated per message; gen0 GCs {GC.CollectionCount(0) - gen0Before}; findings {findings} (warm-up {warmFindings})"));

static void Report(string label, long[] ticks)
{
    Array.Sort(ticks);
    double Micro(long t) => t * 1_000_000.0 / Stopwatch.Frequency;
    double Percentile(double p) => Micro(ticks[Math.Min(ticks.Length - 1, (int)Math.Ceiling(p * ticks.Length) - 1)]);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{label,-6} n={ticks.Length,6}  p50 {Percentile(0.50),8:0.0} µs  p99 {Percentile(0.99),8:0.0} µs  max {Micro(ticks[^1]),9:0.0} µs"));
}
