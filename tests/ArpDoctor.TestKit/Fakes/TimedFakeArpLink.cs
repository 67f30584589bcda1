using System.Threading.Channels;
using ArpDoctor.Core.Links;
using ArpDoctor.Core.Packets;

namespace ArpDoctor.TestKit.Fakes;

/// <summary>
/// A stateful in-memory <see cref="IArpLink"/> on a <see cref="TimeProvider"/>'s clock (unlike <see cref="FakeArpLink"/>,
/// whose clock is its own and whose replies are queued at once): hosts registered with <see cref="Answer"/> reply to
/// broadcast requests for their VIP after their delay (timers of the given <see cref="TimeProvider"/>,
/// so a ManualClock drives them). Like libpcap, every sent frame is also captured.
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
    /// for addresses on kube-ipvs0), host by host 2, 3, ... <paramref name="spacing"/>s after the request (default 0.1 ms),
    /// always in the order the hosts are listed (see <see cref="Send"/>), so who answers first never varies run to run.
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
    public void Inject(in ArpFrame frame) => Inject(frame, time.GetUtcNow());

    private void Inject(in ArpFrame frame, DateTimeOffset at)
    {
        var captured = new CapturedArp(at, frame);
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

    /// <summary>
    /// Echoes the frame and, for a request, schedules each responder's reply. The replies to one request leave in the
    /// order of their delays (registration order among equal ones) and carry the capture time request + delay, whatever
    /// order and lateness the timers fire with: a loaded machine's thread pool may run two due callbacks the other way
    /// round or late, and a wire does not reorder one segment's frames by how busy the receiver is.
    /// </summary>
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
        var targetIp = frame.TargetIp;
        var senderMac = frame.SenderMac;
        var senderIp = frame.SenderIp;
        var replies = new Queue<(TimeSpan After, ArpFrame Reply)>(answering
            .Select(a => (After: a.Delay(), Reply: ArpFrame.Reply(a.Mac, targetIp, senderMac, senderIp)))
            .OrderBy(r => r.After));
        while (replies.TryPeek(out var first) && first.After <= TimeSpan.Zero)
            Inject(replies.Dequeue().Reply);
        foreach (var (after, _) in replies.ToList())
            lock (_lock)
                // Each timer sends the earliest reply not yet sent, stamped with its own due time.
                _timers.Add(time.CreateTimer(_ => SendNext(replies, now), null, after, Timeout.InfiniteTimeSpan));
        return now;
    }

    private void SendNext(Queue<(TimeSpan After, ArpFrame Reply)> replies, DateTimeOffset requested)
    {
        // A thread-pool timer may run its callback again after disposal (ScannerTimerTests): then nothing is left to send.
        lock (replies)
            if (replies.TryDequeue(out var next))
                Inject(next.Reply, requested + next.After);
    }

    public void Dispose()
    {
        lock (_lock)
            foreach (var t in _timers) t.Dispose();
        _received.Writer.TryComplete();
    }
}
