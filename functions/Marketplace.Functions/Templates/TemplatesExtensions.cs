using Marketplace.Storage.Templates;

namespace Marketplace.Functions.Templates;

/// <summary>Registers message templates (and what sending from one needs).</summary>
public static class TemplatesExtensions
{
    public static IServiceCollection AddTemplates(this IServiceCollection services)
    {
        services.AddSingleton<TemplateStore>();
        services.AddSingleton<TemplateMessages>();
        services.AddSingleton<OrderClaimLinks>();
        services.AddSingleton<TemplateSends>();
        services.AddSingleton<AutomationStore>();
        services.AddSingleton<AutomationTriggers>();
        services.AddSingleton<AutomationSender>();
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, TemplatesJsonContext.Default));
        return services;
    }
}
