namespace Serverless.DurableTask;

/// <summary>Serializes inputs, outputs, event payloads and custom status to the text stored in history.</summary>
public abstract class DataConverter
{
    /// <summary>Serializes a value; null stays null.</summary>
    public abstract string? Serialize(object? value);

    /// <summary>Deserializes text to <paramref name="targetType"/>; null stays null.</summary>
    public abstract object? Deserialize(string? data, Type targetType);

    /// <summary>Typed convenience for <see cref="Deserialize(string?, Type)"/>.</summary>
    public T? Deserialize<T>(string? data) => (T?)Deserialize(data, typeof(T));
}
