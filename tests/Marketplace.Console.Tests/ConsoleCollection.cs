using Serverless.Testing;

namespace Marketplace.Console.Tests;

/// <summary>Console tests share one Azurite (each app has its own storage names) and one Chromium (each test its own context).</summary>
[CollectionDefinition(Name)]
public sealed class ConsoleCollection : ICollectionFixture<AzuriteFixture>, ICollectionFixture<BrowserFixture>
{
    public const string Name = "Console";
}
