using Serverless.Testing;

namespace Marketplace.Functions.Tests;

/// <summary>Tests in this collection share one Azurite: the one AZURITE_CONNECTION_STRING names, or a private one (see AzuriteFixture).</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
