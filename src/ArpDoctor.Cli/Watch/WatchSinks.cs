using ArpDoctor.Core.Packets;
using ArpDoctor.Core.Watching;

namespace ArpDoctor.Cli.Watch;

/// <summary>Hands everything a watch reports to several sinks, in order (the log first).</summary>
public sealed class WatchSinks(IReadOnlyList<IWatchSink> sinks) : IWatchSink
{
    public void Probed(Ipv4Address vip)
    {
        foreach (var s in sinks) s.Probed(vip);
    }

    public void Resolved(Resolution resolution)
    {
        foreach (var s in sinks) s.Resolved(resolution);
    }

    public void Event(WatchEvent e)
    {
        foreach (var s in sinks) s.Event(e);
    }
}

/// <summary>Writes every event to the <see cref="WatchLogFile"/>.</summary>
public sealed class WatchLogSink(WatchLogFile log) : IWatchSink
{
    public void Probed(Ipv4Address vip) { }
    public void Resolved(Resolution resolution) { }
    public void Event(WatchEvent e) => log.Append(e);
}
