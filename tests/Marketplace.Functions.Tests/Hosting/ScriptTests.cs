using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Marketplace.Functions.Configuration;
using Marketplace.Functions.Security;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Serverless.Testing;

namespace Marketplace.Functions.Tests.Hosting;

/// <summary>
/// The README's scripts as a newcomer runs them: token.sh (signs with the app's settings, without building it) and
/// run.sh (started in the background and stopped with SIGTERM, on a free port and the test Azurite).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ScriptTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task TokenScript_PrintsOnlyATokenTheAppAccepts()
    {
        var (exitCode, stdout, stderr) = await RunAsync(["scripts/token.sh", "seller", "s-42", "amazon"], new Dictionary<string, string>());

        Assert.True(exitCode == 0, stderr);
        var token = Assert.Single(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        var caller = await ValidateAsync(token, DevelopmentAuthSettings());
        Assert.Equal(new Caller(CallerRole.Seller, "s-42", "amazon"), caller);
    }

    [Fact]
    public async Task TokenScript_SigningKeyFromEnvironment_SignsWithThatKey()
    {
        const string Key = "a-key-from-the-environment-0123456789-xyz";
        var (exitCode, stdout, stderr) = await RunAsync(
            ["scripts/token.sh", "admin", "alice", "--minutes", "5"], new Dictionary<string, string> { ["Auth__SigningKey"] = Key });

        Assert.True(exitCode == 0, stderr);
        var settings = DevelopmentAuthSettings();
        settings.SigningKey = Key;
        Assert.Equal(new Caller(CallerRole.Admin, "alice", null), await ValidateAsync(stdout.Trim(), settings));
        Assert.True(new JsonWebToken(stdout.Trim()).ValidTo <= DateTime.UtcNow.AddMinutes(5.5));
    }

    [Theory]
    [InlineData("seller", "s-1", "nosuch", "'nosuch' is not a marketplace this app knows; configured (Messaging:WebhookSecrets): allegro, amazon")]
    [InlineData("seller", "s-1", "AMAZON", "'AMAZON' is not a marketplace")]
    [InlineData("buyer", "b-1", null, "a buyer belongs to a marketplace; add one of")]
    [InlineData("Admin", "a-1", null, "the role must be one of marketplace, buyer, seller, finance, admin")]
    public async Task TokenScript_SomethingTheAppWouldRefuse_ExitsTwoSayingWhatToChange(string role, string party, string? marketplace, string expected)
    {
        string[] arguments = marketplace is null ? ["scripts/token.sh", role, party] : ["scripts/token.sh", role, party, marketplace];
        var (exitCode, stdout, stderr) = await RunAsync(arguments, new Dictionary<string, string>());

        Assert.Equal(2, exitCode);
        Assert.Empty(stdout);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunScript_Sigterm_StopsTheAppItStarted()
    {
        var port = FreePort();
        var start = Bash(["scripts/run.sh", "--urls", $"http://127.0.0.1:{port}"], new Dictionary<string, string>
        {
            [AzuriteFixture.ConnectionStringVariable] = azurite.ConnectionString,
            ["Storage__NamePrefix"] = AzuriteFixture.UniqueName("runsh"),
        });
        using var script = Process.Start(start)!;
        var output = new System.Text.StringBuilder();
        script.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        script.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        script.BeginOutputReadLine();
        script.BeginErrorReadLine();
        IReadOnlyList<int> started = [];
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var listening = false;
            for (var deadline = DateTime.UtcNow.AddMinutes(4); !listening && DateTime.UtcNow < deadline && !script.HasExited;)
            {
                listening = await AnswersAsync(http, port);
                if (!listening)
                {
                    await Task.Delay(500);
                }
            }

            Assert.True(listening, "run.sh never served the app: " + output);

            started = Descendants(script.Id);
            Signal(script.Id, "TERM");
            // Not WaitForExitAsync: it also waits for the end of the output, which an app left running still holds open.
            for (var deadline = DateTime.UtcNow.AddSeconds(60); !script.HasExited && DateTime.UtcNow < deadline;)
            {
                await Task.Delay(200);
            }

            Assert.True(script.HasExited, "run.sh kept running after SIGTERM.");

            Assert.False(await AnswersAsync(http, port), "The app still answers after run.sh was stopped with SIGTERM.");
        }
        finally
        {
            if (!script.HasExited)
            {
                script.Kill(entireProcessTree: true);
            }

            // The app the script started, if the script left it behind (what this test catches), is stopped by its id.
            foreach (var pid in started)
            {
                Signal(pid, "KILL");
            }
        }
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string[] arguments, Dictionary<string, string> environment)
    {
        using var process = Process.Start(Bash(arguments, environment))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30)); // nothing is built: it answers at once
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    private static ProcessStartInfo Bash(string[] arguments, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("bash")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryRoot.Find(),
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // As on a developer's machine: no settings from the test run's environment.
        foreach (var key in start.Environment.Keys.Where(k => k.Contains("__", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment.Remove(AzuriteFixture.ConnectionStringVariable);
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return start;
    }

    // What the app itself would make of the token: its Development settings, its bearer options, its caller rules.
    private static async Task<Caller?> ValidateAsync(string token, AuthOptions settings)
    {
        var bearer = new JwtBearerOptions();
        new JwtBearerSetup(Options.Create(settings)).Configure(JwtBearerDefaults.AuthenticationScheme, bearer);
        var result = await new JsonWebTokenHandler { MapInboundClaims = false }.ValidateTokenAsync(token, bearer.TokenValidationParameters);
        Assert.True(result.IsValid, result.Exception?.Message);
        return Caller.FromPrincipal(new System.Security.Claims.ClaimsPrincipal(result.ClaimsIdentity));
    }

    private static AuthOptions DevelopmentAuthSettings()
    {
        var directory = Path.Combine(RepositoryRoot.Find(), "functions", "Marketplace.Functions");
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(directory, "appsettings.json"))
            .AddJsonFile(Path.Combine(directory, "appsettings.Development.json"))
            .Build();
        return configuration.GetSection(AuthOptions.Section).Get<AuthOptions>()!;
    }

    private static async Task<bool> AnswersAsync(HttpClient http, int port)
    {
        try
        {
            using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/openapi/v1.json"));
            return true;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Signal(int pid, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", [$"-{signal}", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            RedirectStandardError = true,
        })!;
        kill.WaitForExit();
    }

    // The processes under the script (the app and its build server's children, if any), read from /proc.
    private static List<int> Descendants(int pid)
    {
        var found = new List<int>();
        foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
        {
            var children = File.Exists(Path.Combine(task, "children")) ? File.ReadAllText(Path.Combine(task, "children")) : "";
            foreach (var child in children.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var id = int.Parse(child, System.Globalization.CultureInfo.InvariantCulture);
                found.Add(id);
                found.AddRange(Descendants(id));
            }
        }

        return found;
    }
}
