using System.Text.Json;
using System.Text.Json.Serialization;

namespace Marketplace.Functions.Translation;

/// <summary>Source-generated JSON for translation's queue messages and API answers.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(TranslationJob))]
[JsonSerializable(typeof(LanguagesView))]
internal sealed partial class TranslationJsonContext : JsonSerializerContext;
