namespace Serverless.DurableTask.Worker;

/// <summary>Orchestrator and activity types registered by name.</summary>
public sealed class DurableTaskRegistry
{
    private readonly Dictionary<string, Type> _orchestrators = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Type> _activities = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Registers an orchestrator under its class name (<c>nameof(T)</c>).</summary>
    public DurableTaskRegistry AddOrchestrator<T>()
        where T : class, ITaskOrchestrator => AddOrchestrator(typeof(T).Name, typeof(T));

    /// <summary>Registers an orchestrator type under an explicit name (e.g. a new version under an old name).</summary>
    public DurableTaskRegistry AddOrchestrator(TaskName name, Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (!typeof(ITaskOrchestrator).IsAssignableFrom(type))
        {
            throw new ArgumentException($"{type} does not implement {nameof(ITaskOrchestrator)}.", nameof(type));
        }

        _orchestrators[name.Name] = type;
        return this;
    }

    /// <summary>Registers an activity under its class name (<c>nameof(T)</c>).</summary>
    public DurableTaskRegistry AddActivity<T>()
        where T : class, ITaskActivity => AddActivity(typeof(T).Name, typeof(T));

    /// <summary>Registers an activity type under an explicit name.</summary>
    public DurableTaskRegistry AddActivity(TaskName name, Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (!typeof(ITaskActivity).IsAssignableFrom(type))
        {
            throw new ArgumentException($"{type} does not implement {nameof(ITaskActivity)}.", nameof(type));
        }

        _activities[name.Name] = type;
        return this;
    }

    /// <summary>The orchestrator type registered under <paramref name="name"/>, or null.</summary>
    public Type? FindOrchestrator(string name) => _orchestrators.GetValueOrDefault(name);

    /// <summary>The activity type registered under <paramref name="name"/>, or null.</summary>
    public Type? FindActivity(string name) => _activities.GetValueOrDefault(name);
}
