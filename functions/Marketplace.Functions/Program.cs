using Marketplace.Functions.Claims;
using Marketplace.Functions.WebConsole;
using Marketplace.Functions.Deadlines;
using Marketplace.Functions.EmailRelay;
using Marketplace.Functions.EventsOut;
using Marketplace.Functions.Hosting;
using Marketplace.Functions.Messaging;
using Marketplace.Functions.SelfHost;
using Marketplace.Functions.Worker;
using Microsoft.Extensions.Options;

try
{
    if (FunctionsWorker.IsLaunchedByHost)
    {
        // In Azure: the isolated worker of a Functions app.
        await FunctionsWorker.RunAsync(args);
        return 0;
    }

    // Everywhere else: the same functions in the self-host.
    var builder = WebApplication.CreateBuilder(PlatformCommands.HostArguments(args));
    builder.AddPlatform();
    builder.AddMessaging();
    builder.Services.AddReplyDeadlines();
    builder.Services.AddClaims();
    builder.Services.AddEventsOut();
    builder.Services.AddWebConsole();
    builder.AddSelfHost();
    builder.Services.AddSmtpRelayListener();

    var app = builder.Build();
    // Settings are validated here, before the host starts and would log the failure with a stack trace.
    app.Services.GetRequiredService<IStartupValidator>().Validate();
    if (PlatformCommands.IsCommand(args))
    {
        // "token ...": uses the app's settings and services, then exits.
        return PlatformCommands.Run(app, args);
    }

    app.MapSelfHost();
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
