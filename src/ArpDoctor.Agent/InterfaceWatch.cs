using ArpDoctor.Core.Links;
using Microsoft.Extensions.Logging;

namespace ArpDoctor.Agent;

/// <summary>
/// The agent's state of one interface: whether probes can go out on it and, when not, why. A change of state is logged
/// once (not every look) and kept in <c>arpdoctor_agent_interface_up</c>; <see cref="AgentRunner"/> reads it for
/// <c>/readyz</c>.
/// </summary>
internal sealed class InterfaceWatch(string name, AgentMetrics metrics, ILogger logger)
{
    private LinkStatus? _status;

    public string Name => name;

    /// <summary>The last look's result; <c>null</c> before the first.</summary>
    public LinkStatus? Status => Volatile.Read(ref _status);

    /// <summary>Records one look; returns whether the interface just came (back) up.</summary>
    public bool Saw(LinkStatus status)
    {
        var before = Volatile.Read(ref _status);
        Volatile.Write(ref _status, status);
        if (before?.State == status.State) return false;
        metrics.Agent.Interface(name, status.IsUp);
        if (!status.IsUp) AgentLog.InterfaceUnavailable(logger, name, status.State.ToWord(), status.Reason);
        else if (before is not null) AgentLog.InterfaceBack(logger, name);
        return status.IsUp;
    }
}
