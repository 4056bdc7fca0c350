using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Serverless.DurableTask.Backend;
using Serverless.DurableTask.History;
using Serverless.DurableTask.Serialization;
using Serverless.DurableTask.Tests.Conformance;
using Serverless.DurableTask.Tests.Conformance.Workflows;
using Serverless.DurableTask.Worker;

namespace Serverless.DurableTask.Tests.Engine;

public sealed class RacingEnginesTests
{
    [Fact]
    public async Task TwoEngines_ProcessEveryMessageConcurrently_EachStepCommitsExactlyOnce()
    {
        const int instances = 20;
        string[] cities = ["Oslo", "Pune", "Cusco"];
        await using var host = new InMemoryTestHost(b => b.AddOrchestrator<HelloSequenceOrchestrator>().AddActivity<SayHelloActivity>());
        DurableTaskWorker engineA = host.Worker;
        DurableTaskWorker engineB = ActivatorUtilities.CreateInstance<DurableTaskWorker>(host.Services);
        var ids = new List<string>();
        for (int i = 0; i < instances; i++)
        {
            ids.Add(await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(HelloSequenceOrchestrator), cities));
        }

        // Both engines must have read the instance before either may commit: a guaranteed split-brain attempt per step.
        // No early way out: an engine that gave up waiting would commit alone and the step would not be a race at all
        // (a busy CI machine once kept the second engine away for over 5 s). A real hang fails the step loudly instead.
        using var bothRead = new Barrier(2);
        host.InMemoryBackend.BeforeCheckpoint = _ =>
        {
            if (!bothRead.SignalAndWait(TimeSpan.FromSeconds(60)))
            {
                throw new TimeoutException("The other engine never reached the checkpoint of this step.");
            }
        };
        int conflicts = 0;
        int orchestrationSteps = 0;
        for (int guard = 0; guard < 10_000; guard++)
        {
            OrchestrationMessage? received = await ReceiveOneAsync(host);
            if (received is null)
            {
                break;
            }

            // Both engines get the same delivery at the same time (no lock in custom-handler style): they race on the ETag.
            string text = JsonSerializer.Serialize(received, DurableTaskJsonContext.Default.OrchestrationMessage);
            Task a = Task.Run(() => engineA.ProcessMessageAsync("control", text, received.MessageId, received.DequeueCount, CancellationToken.None));
            Task b = Task.Run(() => engineB.ProcessMessageAsync("control", text, received.MessageId, received.DequeueCount, CancellationToken.None));
            var outcomes = await Task.WhenAll(Settle(a), Settle(b));
            conflicts += outcomes.Count(ok => !ok);
            orchestrationSteps += received.IsActivityMessage ? 0 : 1;
            if (outcomes.Any(ok => ok))
            {
                host.InMemoryBackend.DeleteReceivedMessage(received);
            }
            else
            {
                await Release(host, received);
            }
        }

        foreach (var id in ids)
        {
            var metadata = await host.Client.GetInstanceAsync(id, getInputsAndOutputs: true);
            var history = await host.Backend.GetHistoryAsync(id, CancellationToken.None);
            Assert.Equal(OrchestrationRuntimeStatus.Completed, metadata!.RuntimeStatus);
            Assert.Equal(cities.Select(c => $"Hello {c}!"), metadata.ReadOutputAs<List<string>>());
            Assert.Equal(cities.Length, history.OfType<TaskScheduledEvent>().Count());
            Assert.Equal(cities.Length, history.OfType<TaskCompletedEvent>().Count());
            Assert.Single(history.OfType<ExecutionCompletedEvent>());
        }

        // Each real step (start + one per activity result) was attempted by both engines and exactly one commit won;
        // the duplicate activity responses (every activity ran on both engines) were dropped by both without a write.
        Assert.Equal(instances * (cities.Length + 1), conflicts);
        Assert.Equal(instances * ((2 * cities.Length) + 1), orchestrationSteps);
    }

    private static async Task<bool> Settle(Task task)
    {
        try
        {
            await task;
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
        catch (CheckpointConflictException)
        {
            return false;
        }
    }

    private static async Task<OrchestrationMessage?> ReceiveOneAsync(InMemoryTestHost host)
    {
        var workItem = await host.Backend.LockNextOrchestrationWorkItemAsync(TimeSpan.Zero, CancellationToken.None);
        if (workItem is not null)
        {
            await host.Backend.AbandonOrchestrationWorkItemAsync(workItem with { Messages = workItem.Messages.Skip(1).ToList() }, TimeSpan.Zero, CancellationToken.None);
            return workItem.Messages[0];
        }

        return (await host.Backend.LockNextActivityWorkItemAsync(TimeSpan.Zero, CancellationToken.None))?.Message;
    }

    private static Task Release(InMemoryTestHost host, OrchestrationMessage received)
        => received.IsActivityMessage
            ? host.Backend.AbandonActivityWorkItemAsync(new ActivityWorkItem { Message = received }, TimeSpan.Zero, CancellationToken.None)
            : host.Backend.AbandonOrchestrationWorkItemAsync(
                new OrchestrationWorkItem { InstanceId = received.InstanceId, Messages = [received], History = [] }, TimeSpan.Zero, CancellationToken.None);
}
