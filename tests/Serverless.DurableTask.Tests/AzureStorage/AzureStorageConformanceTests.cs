using Microsoft.Extensions.Time.Testing;
using Serverless.DurableTask.Tests.Conformance;
using Serverless.Testing;

namespace Serverless.DurableTask.Tests.AzureStorage;

/// <summary>
/// The conformance suite on the Azure Storage backend against Azurite. Orchestration time is virtual
/// (<see cref="FakeTimeProvider"/>), queues are real: delayed messages hop every second and are re-checked against the
/// virtual clock, so a 10-day timer fires once the virtual clock passes it. Queue-only mode (no local dispatch).
/// </summary>
[Collection(AzuriteCollection.Name)]
[Trait("Category", "AzuriteConformance")]
public sealed class AzureStorageConformanceTests(AzuriteFixture azurite) : ConformanceTests
{
    protected override async Task<TestHost> CreateHostAsync(Action<DurableTaskBuilder> configure, Action<DurableTaskOptions>? configureOptions = null)
        => await AzureStorageTestHost.StartAsync(
            azurite.ConnectionString,
            configure,
            configureOptions,
            o => o.LocalDispatch = false,
            new FakeTimeProvider(DateTimeOffset.UtcNow));
}
