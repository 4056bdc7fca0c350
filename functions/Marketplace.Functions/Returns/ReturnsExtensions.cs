using Marketplace.Functions.Configuration;
using Marketplace.Storage.Returns;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Marketplace.Functions.Returns;

/// <summary>Registers return labels: the store, the label provider (the built-in PDF unless a carrier's is registered first), the service.</summary>
public static class ReturnsExtensions
{
    public static IServiceCollection AddReturns(this IServiceCollection services)
    {
        services.AddOptions<ReturnOptions>().BindConfiguration(ReturnOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ReturnOptions>, ReturnOptionsValidator>();
        services.AddSingleton<ReturnLabelStore>();
        services.TryAddSingleton<IReturnLabelProvider, PdfReturnLabelProvider>();
        services.AddSingleton<ReturnLabels>();
        services.AddSingleton<ReturnDeliveries>();
        return services;
    }
}

/// <summary>Refuses a label size or inspection window that would make returns unusable.</summary>
internal sealed class ReturnOptionsValidator : IValidateOptions<ReturnOptions>
{
    public ValidateOptionsResult Validate(string? name, ReturnOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.MaxLabelBytes < 1024 || options.InspectionWindow <= TimeSpan.Zero
            ? ValidateOptionsResult.Fail($"{ReturnOptions.Section}:MaxLabelBytes must be at least 1024 and {ReturnOptions.Section}:InspectionWindow positive.")
            : ValidateOptionsResult.Success;
    }
}
