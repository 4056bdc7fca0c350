using Marketplace.Functions.Deadlines;
using Marketplace.Functions.Durable;
using Marketplace.Functions.Hosting;
using Marketplace.Functions.Messaging;
using Microsoft.Extensions.Options;

try
{
    var builder = WebApplication.CreateBuilder(PlatformCommands.HostArguments(args));
    builder.AddPlatform();
    builder.AddMessaging();
    builder.AddDurableRuntime();

    var app = builder.Build();
    // Settings are validated here, before the host starts and would log the failure with a stack trace.
    app.Services.GetRequiredService<IStartupValidator>().Validate();
    if (PlatformCommands.IsCommand(args))
    {
        // "token ..." and "generate-functions ...": use the app's settings and services, then exit.
        return PlatformCommands.Run(app, args);
    }

    app.MapPlatform();
    app.MapMessagingApi();
    app.MapSellerApi();
    app.MapDurableRuntime();
    await app.RunAsync();
    return 0;
}
catch (Exception invalid) when (StartupFailure.IsInvalidSettings(invalid))
{
    // A bad setting is an operator's mistake, not a crash: say which setting, once, without a stack trace.
    await Console.Error.WriteLineAsync(StartupFailure.Describe(invalid));
    return 1;
}

/// <summary>The app's entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
