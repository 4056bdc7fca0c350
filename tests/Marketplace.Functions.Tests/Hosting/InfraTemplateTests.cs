using System.Diagnostics;
using System.Text.RegularExpressions;
using Serverless.Testing;

namespace Marketplace.Functions.Tests.Hosting;

/// <summary>
/// infra/main.bicep must deploy an app that starts: it compiles, and it sets every setting the app cannot start
/// without outside Development (those are found by starting the app with none, not listed by hand here).
/// </summary>
public sealed partial class InfraTemplateTests
{
    [Fact]
    public async Task MainBicep_Compiles()
    {
        var start = new ProcessStartInfo("bash", "scripts/validate-infra.sh")
        {
            WorkingDirectory = RepositoryRoot.Find(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0, output);
    }

    [Fact]
    public async Task MainBicep_SetsEverySettingTheAppRequiresInProduction()
    {
        var (exitCode, output) = await AppRun.RunAsync(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Storage__ConnectionString"] = "UseDevelopmentStorage=true", // never reached: settings are checked first
        });
        Assert.Equal(1, exitCode);
        var required = SettingName().Matches(string.Join(" ", output)).Select(m => m.Value).Distinct().ToList();
        Assert.NotEmpty(required);

        var template = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Find(), "infra", "main.bicep"));
        foreach (var setting in required)
        {
            Assert.True(template.Contains($"name: '{setting.Replace(":", "__", StringComparison.Ordinal)}", StringComparison.Ordinal),
                $"infra/main.bicep does not set {setting}, which the app cannot start without.");
        }
    }

    [GeneratedRegex(@"\b(Auth|Storage|Hosting|Messaging|DurableTask|ContentPolicy|Deadlines|Translator):[A-Za-z]+\b")]
    private static partial Regex SettingName();
}
