using Marketplace.BadInput;
using Xunit.Abstractions;

namespace Marketplace.BadInput.Tests;

/// <summary>
/// The bad-input suite in the normal test run: 5,000 malformed requests against the app in its own process and
/// Azurite (about 15 s of requests on the shared 2-core machine; a minute in all with start-up and the storage
/// censuses). The failure message is the suite's report: counts by family and status, each offending request, and
/// what was written by which kind of request.
/// </summary>
public sealed class BadInputSuiteTests(ITestOutputHelper output)
{
    [Fact]
    public async Task MalformedRequests_FiveThousand_NoServerErrorNoLeakNoWrite()
    {
        var report = await BadInputSuite.RunAsync(new BadInputOptions { Requests = 5000, Seed = 1, AppLogLevel = "None" }, TextWriter.Null);

        Assert.True(report.Outcomes.Count >= 5000);
        Assert.True(report.Passed, report.Format());
        output.WriteLine(report.Format());
    }
}
