using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Serverless.Testing;

namespace Marketplace.Console.Tests;

/// <summary>What the tests do in the browser: sign in as a person would, and keep a screenshot of a page.</summary>
internal static class ConsolePages
{
    /// <summary>Where screenshots go (git-ignored): artifacts/console-screenshots/ in the repository.</summary>
    public static string ScreenshotFolder => Path.Combine(RepositoryRoot.Find(), "artifacts", "console-screenshots");

    public static async Task<IPage> SignInAsync(IBrowser browser, Uri app, string token, int width = 1280, int height = 800)
    {
        var context = await browser.NewContextAsync(new() { BaseURL = app.ToString(), ViewportSize = new() { Width = width, Height = height } });
        // The shared 2-core machine can be slow: a page gets a minute, not Playwright's default 30 s.
        context.SetDefaultTimeout(60_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/console");
        await page.GetByLabel("Token").FillAsync(token);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        // Expect polls the URL; WaitForURL also waits for a load event, which it sometimes missed after the post's redirect.
        await Assertions.Expect(page).Not.ToHaveURLAsync(new Regex("/console/sign-in$"));
        return page;
    }

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = true });
    }
}
