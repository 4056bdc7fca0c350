using Microsoft.Playwright;

namespace Marketplace.Console.Tests;

/// <summary>
/// One headless Chromium for the test run: the system's (Debian's package at /usr/bin/chromium, installed by
/// scripts/setup-browser.sh), since Playwright's own browser download is not reachable from here. CHROMIUM_PATH names another.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string DefaultChromium = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var executable = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : DefaultChromium;
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"Chromium is missing at {executable}: run scripts/setup-browser.sh (it installs Debian's chromium package).");
        }

        _playwright = await Playwright.CreateAsync();
        // Assertions wait for the page; on a loaded machine a page can take longer than the default 5 s.
        Assertions.SetDefaultExpectTimeout(20_000);
        // --no-sandbox: CI runs as root, where Chromium's sandbox cannot start.
        Browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = executable, Headless = true, Args = ["--no-sandbox"] });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
