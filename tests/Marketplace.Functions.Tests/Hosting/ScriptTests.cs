using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Serverless.Testing;

namespace Marketplace.Functions.Tests.Hosting;

/// <summary>
/// The README's scripts as a newcomer runs them. Only token.sh runs here (run.sh serves on fixed ports until stopped); both
/// start the app through scripts/app.sh, so this also catches a start that no longer works outside a Functions host.
/// </summary>
public sealed class ScriptTests
{
    [Fact]
    public async Task TokenScript_PrintsOnlyASignedTokenForTheCaller()
    {
        var start = new ProcessStartInfo("bash")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryRoot.Find(),
        };
        foreach (var argument in new[] { "scripts/token.sh", "seller", "s-42", "amazon" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4)); // it builds the app first (incremental here)
        await process.WaitForExitAsync(timeout.Token);

        Assert.True(process.ExitCode == 0, await stderr);
        var token = Assert.Single((await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        var parts = token.Split('.');
        Assert.Equal(3, parts.Length);
        using var payload = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(Pad(parts[1].Replace('-', '+').Replace('_', '/')))));
        Assert.Equal("s-42", payload.RootElement.GetProperty("sub").GetString());
        Assert.Equal("seller", payload.RootElement.GetProperty("role").GetString());
        Assert.Equal("amazon", payload.RootElement.GetProperty("marketplace").GetString());
    }

    private static string Pad(string base64) => base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
}
