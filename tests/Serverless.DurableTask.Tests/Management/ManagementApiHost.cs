using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Serverless.DurableTask.InMemory;
using Serverless.DurableTask.Management;
using Serverless.DurableTask.Tests.Conformance.Workflows;
using Serverless.DurableTask.Worker;

namespace Serverless.DurableTask.Tests.Management;

/// <summary>A real Kestrel on 127.0.0.1 (free port) serving the management API over the in-memory backend in virtual time.</summary>
public sealed class ManagementApiHost : IAsyncDisposable
{
    public const string SystemKey = "management-test-system-key-0123456789abcdef";

    private ManagementApiHost(WebApplication app, HttpClient http)
    {
        App = app;
        Http = http;
    }

    public WebApplication App { get; }

    public HttpClient Http { get; }

    public FakeTimeProvider Time => (FakeTimeProvider)App.Services.GetRequiredService<TimeProvider>();

    public DurableTaskClient Client => App.Services.GetRequiredService<DurableTaskClient>();

    public InMemoryOrchestrationBackend Backend => App.Services.GetRequiredService<InMemoryOrchestrationBackend>();

    public DurableTaskRegistry Registry => App.Services.GetRequiredService<DurableTaskRegistry>();

    public static async Task<ManagementApiHost> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSingleton<TimeProvider>(new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero)));
        builder.Services.AddProblemDetails();
        builder.Services.AddDurableTask(b => b
            .UseInMemoryBackend()
            .AddOrchestrator<CustomStatusOrchestrator>()
            .AddOrchestrator<ChildOrchestrator>()
            .AddActivity<SayHelloActivity>());
        builder.Services.Configure<DurableTaskOptions>(o =>
        {
            o.SystemKey = SystemKey;
            o.EnablePollingWorker = false;
            o.BaseUrl = new Uri("https://public.example.net");
        });
        WebApplication app = builder.Build();
        app.MapDurableTaskManagement();
        await app.StartAsync();
        var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        return new ManagementApiHost(app, http);
    }

    /// <summary>Points a management URL built for the public base URL at this test server.</summary>
    public Uri Local(string url)
    {
        var uri = new Uri(url.Replace("{eventName}", "approval", StringComparison.Ordinal));
        return new Uri(Http.BaseAddress!, uri.PathAndQuery);
    }

    public async Task RunUntilIdleAsync()
    {
        var worker = App.Services.GetRequiredService<DurableTaskWorker>();
        while (await worker.ProcessNextOrchestrationWorkItemAsync(TimeSpan.Zero, CancellationToken.None)
            | await worker.ProcessNextActivityWorkItemAsync(TimeSpan.Zero, CancellationToken.None))
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
