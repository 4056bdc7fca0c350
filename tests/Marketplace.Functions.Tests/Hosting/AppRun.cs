using System.Diagnostics;
using Serverless.Testing;

namespace Marketplace.Functions.Tests.Hosting;

/// <summary>The built app run to its exit as an operator would start it, for tests of what it does with bad settings.</summary>
internal static class AppRun
{
    /// <summary>Runs the built app (the same build configuration as these tests) and returns its exit code and non-empty output lines.</summary>
    public static async Task<(int ExitCode, IReadOnlyList<string> Output)> RunAsync(IReadOnlyDictionary<string, string> environment)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var directory = Path.Combine(RepositoryRoot.Find(), "functions", "Marketplace.Functions", "bin", configuration, "net10.0");
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = directory,
        };
        start.ArgumentList.Add(Path.Combine(directory, "Marketplace.Functions.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://127.0.0.1:0");
        foreach (var key in start.Environment.Keys.Where(k => k.Contains("__", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("The app kept running with settings it cannot work with.");
        }

        var lines = (await stdout + "\n" + await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return (process.ExitCode, lines);
    }
}
