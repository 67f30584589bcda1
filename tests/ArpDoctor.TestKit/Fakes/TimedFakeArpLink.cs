using System.Threading.Channels;
using ArpDoctor.Core.Links;
using ArpDoctor.Core.Packets;

namespace ArpDoctor.TestKit.Fakes;

/// <summary>
/// A stateful in-memory <see cref="IArpLink"/> on a <see cref="TimeProvider"/>'s clock (unlike <see cref="FakeArpLink"/>,
/// whose clock is its own and whose replies are queued at once): hosts registered with <see cref="Answer"/> reply to
/// broadcast requests for their VIP after their delay (timers of the given <see cref="TimeProvider"/>,
/// so a FakeTimeProvider drives them). Like libpcap, every sent frame is also captured.
/// </summary>
/// <remarks>
/// With <c>inline</c>, a captured frame wakes its reader on the writer's own thread (the channel allows synchronous
/// continuations). Driven by a <see cref="ManualClock"/>, a whole run then happens inside the clock's Advance calls, so a
/// test knows the loop is waiting whenever Advance returns: no thread-pool heuristics.
/// </remarks>
public sealed class TimedFakeArpLink(string name, MacAddress mac, TimeProvider time, bool inline = false) : IArpLink
{
    private readonly Channel<CapturedArp> _received = Channel.CreateUnbounded<CapturedArp>(
        new UnboundedChannelOptions { AllowSynchronousContinuations = inline });
    private readonly Dictionary<Ipv4Address, List<(MacAddress Mac, Func<TimeSpan> Delay)>> _responders = [];
    private readonly List<ITimer> _timers = [];
    private readonly object _lock = new();

    public TimedFakeArpLink(TimeProvider time, bool inline = false) : this("fake0", MacAddress.Parse("02:00:00:00:00:01"), time, inline) { }

    public string Name { get; } = name;
    public MacAddress Mac { get; } = mac;
    public ChannelReader<CapturedArp> Received => _received.Reader;
    public int Sent { get; private set; }
    public bool EchoSent { get; set; } = true;

    /// <summary>
    /// Responders whose replies the fake capture keeps back until <see cref="CatchUpAsync"/>, like a
    /// kernel ring the capture thread has not read yet.
    /// </summary>
    public HashSet<MacAddress> HeldBack { get; } = [];

    /// <summary>How often <see cref="CatchUpAsync"/> was called.</summary>
    public int CatchUps { get; private set; }

    private readonly List<CapturedArp> _held = [];

    public ValueTask CatchUpAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            CatchUps++;
            foreach (var frame in _held) _received.Writer.TryWrite(frame);
            _held.Clear();
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// An L2 segment: every host answers a broadcast request for each address it owns (as kernels with arp_ignore=0 do
    /// for addresses on kube-ipvs0), host by host 2, 3, ... <paramref name="spacing"/>s after the request (default 0.1 ms;
    /// wider than a timer tick when the order of replies must not vary).
    /// </summary>
    public static TimedFakeArpLink Segment(string name, MacAddress mac, TimeProvider time, IReadOnlyDictionary<MacAddress, Ipv4Address[]> hosts,
        TimeSpan? spacing = null)
    {
        var step = spacing ?? TimeSpan.FromMilliseconds(0.1);
        var link = new TimedFakeArpLink(name, mac, time);
        var order = new Dictionary<Ipv4Address, int>();
        foreach (var (host, ips) in hosts)
            foreach (var ip in ips)
            {
                int n = order[ip] = order.GetValueOrDefault(ip) + 1;
                link.Answer(ip, host, () => step * (n + 1));
            }
        return link;
    }

    /// <summary>Makes <paramref name="responder"/> answer for <paramref name="vip"/> after <paramref name="delay"/> (default at once).</summary>
    public TimedFakeArpLink Answer(Ipv4Address vip, MacAddress responder, Func<TimeSpan>? delay = null)
    {
        lock (_lock)
        {
            if (!_responders.TryGetValue(vip, out var list)) _responders[vip] = list = [];
            list.Add((responder, delay ?? (() => TimeSpan.Zero)));
        }
        return this;
    }

    /// <summary>Nobody answers for <paramref name="vip"/> any more.</summary>
    public void Silence(Ipv4Address vip)
    {
        lock (_lock) _responders.Remove(vip);
    }

    /// <summary>A frame from the wire, e.g. a gratuitous ARP from a new speaker.</summary>
    public void Inject(in ArpFrame frame)
    {
        var captured = new CapturedArp(time.GetUtcNow(), frame);
        // Inline: the reader runs here, now, even when called from a test runner's thread (whose context defers it).
        var context = SynchronizationContext.Current;
        if (inline) SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            lock (_lock)
            {
                if (HeldBack.Contains(frame.SenderMac)) _held.Add(captured);
                else _received.Writer.TryWrite(captured);
            }
        }
        finally
        {
            if (inline) SynchronizationContext.SetSynchronizationContext(context);
        }
    }

    public void Announce(Ipv4Address vip, MacAddress announcer) => Inject(ArpFrame.Announcement(announcer, vip));

    public DateTimeOffset Send(in ArpFrame frame)
    {
        var now = time.GetUtcNow();
        List<(MacAddress Mac, Func<TimeSpan> Delay)> answering;
        lock (_lock)
        {
            Sent++;
            answering = frame.Operation == ArpOperation.Request && _responders.TryGetValue(frame.TargetIp, out var list) ? [.. list] : [];
        }
        if (EchoSent) _received.Writer.TryWrite(new CapturedArp(now, frame));
        foreach (var (responder, delay) in answering)
        {
            var reply = ArpFrame.Reply(responder, frame.TargetIp, frame.SenderMac, frame.SenderIp);
            var after = delay();
            if (after <= TimeSpan.Zero)
            {
                Inject(reply);
                continue;
            }
            lock (_lock)
                _timers.Add(time.CreateTimer(_ => Inject(reply), null, after, Timeout.InfiniteTimeSpan));
        }
        return now;
    }

    public void Dispose()
    {
        lock (_lock)
            foreach (var t in _timers) t.Dispose();
        _received.Writer.TryComplete();
    }
}
