namespace Marketplace.Functions.WebConsole;

/// <summary>The console's services, in both hosts (its pages are HTTP functions like the API's).</summary>
public static class ConsoleExtensions
{
    public static IServiceCollection AddWebConsole(this IServiceCollection services)
    {
        services.AddSingleton<ConsoleSession>();
        services.AddSingleton<ReplyCheck>();
        return services;
    }
}
