namespace Serverless.DurableTask.Tests.Conformance;

/// <summary>The conformance suite on the in-memory backend, in virtual time.</summary>
public sealed class InMemoryConformanceTests : ConformanceTests
{
    protected override Task<TestHost> CreateHostAsync(Action<DurableTaskBuilder> configure, Action<DurableTaskOptions>? configureOptions = null)
        => Task.FromResult<TestHost>(new InMemoryTestHost(configure, configureOptions));
}
