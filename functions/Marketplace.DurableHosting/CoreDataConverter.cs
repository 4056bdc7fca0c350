using CoreDataConverterBase = DurableTask.Core.Serializing.DataConverter;
using SdkDataConverter = Microsoft.DurableTask.DataConverter;

namespace Marketplace.DurableHosting;

/// <summary>
/// Lets DurableTask.Core (the engine, Newtonsoft.Json by default) serialize inputs, outputs and events exactly as the
/// Microsoft.DurableTask shims read them (System.Text.Json): one converter end to end, as the Functions host has.
/// </summary>
internal sealed class CoreDataConverter(SdkDataConverter inner) : CoreDataConverterBase
{
    public override string Serialize(object value) => inner.Serialize(value) ?? "null";

    public override string Serialize(object value, bool formatted) => Serialize(value);

    public override object Deserialize(string data, Type objectType) => inner.Deserialize(data, objectType)!;
}
