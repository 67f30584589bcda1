namespace ArpDoctor.Agent;

/// <summary>
/// How every ArpDoctor metric is named: <c>arpdoctor_&lt;subsystem&gt;_&lt;name&gt;</c>, the subsystem being the one
/// class that owns the instrument (<see cref="VipStats"/>, <see cref="NodeStats"/>, <see cref="AgentStats"/>), as
/// Prometheus' client builds a name from namespace, subsystem and name. Counters end in <c>_total</c>.
/// </summary>
public static class MetricNames
{
    public const string Namespace = "arpdoctor";

    public static string Of(string subsystem, string name) => $"{Namespace}_{subsystem}_{name}";
}
