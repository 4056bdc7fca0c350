namespace Serverless.DurableTask;

/// <summary>The registered name of an orchestrator or activity (mirrors Microsoft.DurableTask.TaskName).</summary>
public readonly record struct TaskName
{
    public TaskName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    /// <summary>The name.</summary>
    public string Name { get; }

    public static implicit operator TaskName(string name) => new(name);

    /// <summary>Creates a task name from a string (the named alternative of the implicit conversion).</summary>
    public static TaskName FromString(string name) => new(name);

    /// <inheritdoc/>
    public override string ToString() => Name ?? string.Empty;
}
