using Marketplace.Functions.Claims;
using Marketplace.Functions.Deadlines;
using Marketplace.Functions.EventsOut;
using Marketplace.Functions.Hosting;
using Marketplace.Functions.Messaging;
using Marketplace.Functions.WebConsole;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Options;

namespace Marketplace.Functions.Worker;

/// <summary>
/// The app as an isolated-worker Functions app: the Functions host routes HTTP requests, polls the queues and runs the
/// Durable extension; this process runs the functions, with bearer-token authorization and problem documents as worker
/// middleware.
/// </summary>
internal static class FunctionsWorker
{
    /// <summary>The Functions host starts its .NET isolated worker with this set to "dotnet-isolated"; nothing else does.</summary>
    public static bool IsLaunchedByHost =>
        string.Equals(Environment.GetEnvironmentVariable("FUNCTIONS_WORKER_RUNTIME"), "dotnet-isolated", StringComparison.OrdinalIgnoreCase);

    public static async Task RunAsync(string[] args)
    {
        var builder = FunctionsApplication.CreateBuilder(args);
        builder.ConfigureFunctionsWebApplication();
        builder.UseMiddleware<FunctionProblemMiddleware>();
        builder.UseMiddleware<FunctionAuthorizationMiddleware>();
        builder.UseMiddleware<FunctionQueryParameterMiddleware>();
        builder.AddPlatform();
        builder.AddMessaging();
        builder.Services.AddReplyDeadlines();
        builder.Services.AddClaims();
        builder.Services.AddEventsOut();
        builder.Services.AddWebConsole();
        builder.Services.AddSingleton<IValidateOptions<Configuration.StorageOptions>, WorkerStorageOptionsValidator>();

        using var host = builder.Build();
        host.Services.GetRequiredService<IStartupValidator>().Validate();
        await host.RunAsync().ConfigureAwait(false);
    }
}
