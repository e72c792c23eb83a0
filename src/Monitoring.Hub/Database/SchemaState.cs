namespace Monitoring.Hub.Database;

/// <summary>Whether migrations and seeding have completed in this process.</summary>
public sealed class SchemaState
{
    private volatile bool _ready;

    public bool IsReady => _ready;

    public void MarkReady() => _ready = true;
}
