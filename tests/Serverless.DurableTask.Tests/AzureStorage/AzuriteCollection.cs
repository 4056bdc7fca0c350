using Serverless.Testing;

namespace Serverless.DurableTask.Tests.AzureStorage;

/// <summary>The shared Azurite of this test assembly (xunit finds collection definitions only here).</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
