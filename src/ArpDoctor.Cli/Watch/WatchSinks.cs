using ArpDoctor.Core.History;
using ArpDoctor.Core.Observations;
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

    public void RoundEnded(Round round)
    {
        foreach (var s in sinks) s.RoundEnded(round);
    }

    public void Event(WatchEvent e)
    {
        foreach (var s in sinks) s.Event(e);
    }

    public void Ended()
    {
        foreach (var s in sinks) s.Ended();
    }
}

/// <summary>Writes every event and the rounds (<see cref="WatchLogRecorder"/>) to the <see cref="WatchLogFile"/>.</summary>
public sealed class WatchLogSink(WatchLogFile log) : IWatchSink
{
    private readonly WatchLogRecorder _recorder = new();

    public void Probed(Ipv4Address vip) { }
    public void RoundEnded(Round round) => Write(_recorder.Round(round));
    public void Event(WatchEvent e) => Write(_recorder.Event(e));
    public void Ended() => Write(_recorder.End());

    private void Write(IReadOnlyList<byte[]> lines)
    {
        foreach (var line in lines) log.Append(line);
    }
}
