using System.Text.Json;
using System.Text.Json.Serialization;

namespace Marketplace.Functions.Templates;

/// <summary>Source-generated JSON for the templates API.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(TemplateView))]
[JsonSerializable(typeof(TemplatePage))]
[JsonSerializable(typeof(TemplateRequest))]
[JsonSerializable(typeof(AutomationView))]
[JsonSerializable(typeof(AutomationPage))]
[JsonSerializable(typeof(AutomationRequest))]
internal sealed partial class TemplatesJsonContext : JsonSerializerContext;
