using Serverless.Testing;

namespace Marketplace.Functions.Tests;

/// <summary>Tests in this collection share one Azurite (found running or started in memory).</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
