using Marketplace.Workflows.Claims;
using Marketplace.Workflows.ReplyDeadlines;
using Marketplace.Workflows.Tests.ReplyDeadlines;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Workflows.Tests.Claims;

/// <summary>
/// The claim window on the in-process host, when reading or expiring the claim fails for a moment: the window retries the
/// step and still moves the claim to mediation, once, instead of failing and leaving the claim open for good.
/// </summary>
public sealed class ClaimWindowOrchestratorTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task StorageFailsOnceAtTheReminderCheckAndAtExpiry_StillExpiresIntoMediationOnce()
    {
        var claim = new FlakyClaimWindow { CheckFailures = 1, ExpiryFailures = 1 };

        var (outcome, status) = await RunWindowAsync(claim, "cl-flaky");

        Assert.Equal(OrchestrationRuntimeStatus.Completed, status);
        Assert.Equal(ClaimWindowOutcome.ExpiredToMediation, outcome);
        Assert.Equal(2, claim.Checks);
        Assert.Equal(2, claim.ExpiryAttempts);
        Assert.Equal(1, claim.Expiries);
    }

    [Fact]
    public async Task StorageAnswers_ExpiresIntoMediationWithoutRetrying()
    {
        var claim = new FlakyClaimWindow();

        var (outcome, status) = await RunWindowAsync(claim, "cl-steady");

        Assert.Equal(OrchestrationRuntimeStatus.Completed, status);
        Assert.Equal(ClaimWindowOutcome.ExpiredToMediation, outcome);
        Assert.Equal((1, 1, 1), (claim.Checks, claim.ExpiryAttempts, claim.Expiries));
    }

    /// <summary>A window of two seconds with one reminder after one (the seller has no webhook, so it sends nothing).</summary>
    private static async Task<(ClaimWindowOutcome? Outcome, OrchestrationRuntimeStatus Status)> RunWindowAsync(FlakyClaimWindow claim, string claimId)
    {
        await using var host = await WorkflowHost.StartAsync(
            tasks =>
            {
                tasks.AddOrchestrator<ClaimWindowOrchestrator>();
                tasks.AddActivity<ClaimAwaitingSellerActivity>();
                tasks.AddActivity<ExpireClaimActivity>();
                tasks.AddActivity<NotifyClaimSellerActivity>();
            },
            services =>
            {
                services.AddSingleton<IClaimWindow>(claim);
                services.AddSingleton<ISellerWebhooks>(new SettableSellerWebhooks(ReplyDeadlineHost.Secret) { Configured = false });
                services.AddSingleton(TimeProvider.System);
                services.AddTransient(_ => new HttpClient());
            });
        var now = DateTimeOffset.UtcNow;
        var input = new ClaimWindowInput(claimId, "amazon", "s-1", now.AddSeconds(2), [now.AddSeconds(1)]);
        var instanceId = ClaimWindowOrchestrator.InstanceIdFor(claimId);
        await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ClaimWindowOrchestrator), input, new StartOrchestrationOptions { InstanceId = instanceId });

        var done = await host.WaitForCompletionAsync(instanceId, s_timeout,
            () => $"{claim.Checks} checks, {claim.ExpiryAttempts} expiry attempts, {claim.Expiries} expiries.");
        return (done.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? done.ReadOutputAs<ClaimWindowOutcome>() : null, done.RuntimeStatus);
    }
}
