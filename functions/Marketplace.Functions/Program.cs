using Marketplace.Functions.Deadlines;
using Marketplace.Functions.Durable;
using Marketplace.Functions.Hosting;
using Marketplace.Functions.Messaging;

var builder = WebApplication.CreateBuilder(PlatformCommands.HostArguments(args));
builder.AddPlatform();
builder.AddMessaging();
builder.AddDurableRuntime();

var app = builder.Build();
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

/// <summary>The app's entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
