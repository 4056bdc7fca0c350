using DurableTask.Core;

namespace Marketplace.DurableHosting;

/// <summary>Hands the engine a new orchestration or activity shim each time it asks (shims hold per-execution state).</summary>
internal sealed class ServiceObjectCreator<T> : ObjectCreator<T>
{
    private readonly Func<T> _create;

    public ServiceObjectCreator(string name, Func<T> create)
    {
        Name = name;
        // Activities are scheduled with the orchestration's version and orchestrations started with "": all are "".
        Version = "";
        _create = create;
    }

    public override T Create() => _create();
}
