using System.Threading.Channels;
using ArpDoctor.Core.Links;
using ArpDoctor.Core.Packets;

namespace ArpDoctor.TestKit;

/// <summary>
/// An in-memory segment: every frame sent is echoed (as libpcap shows our own frames), and each
/// responder answers a request for its IP after its delay, with timestamps on the fake link's clock.
/// </summary>
public sealed class FakeArpLink(MacAddress mac, DateTimeOffset start, string name = "fake0") : IArpLink
{
    private readonly Channel<CapturedArp> _received = Channel.CreateUnbounded<CapturedArp>();
    private DateTimeOffset _now = start;

    public List<(MacAddress Mac, Ipv4Address Ip, TimeSpan Delay)> Responders { get; } = [];
    public List<ArpFrame> Sent { get; } = [];
    public string Name => name;
    public MacAddress Mac => mac;
    public ChannelReader<CapturedArp> Received => _received.Reader;

    /// <summary>Time advances 1 ms per send so probes are apart even when the prober does not wait.</summary>
    public DateTimeOffset Send(in ArpFrame frame)
    {
        _now += TimeSpan.FromMilliseconds(1);
        Sent.Add(frame);
        _received.Writer.TryWrite(new CapturedArp(_now, frame));
        if (frame.Operation == ArpOperation.Request)
        {
            var target = frame.TargetIp;
            foreach (var (rmac, ip, delay) in Responders.Where(r => r.Ip == target).OrderBy(r => r.Delay))
                _received.Writer.TryWrite(new CapturedArp(_now + delay,
                    ArpFrame.Reply(rmac, ip, frame.SenderMac, frame.SenderIp)));
        }
        return _now;
    }

    /// <summary>Injects a frame someone else sent.</summary>
    public void Inject(DateTimeOffset time, ArpFrame frame) => _received.Writer.TryWrite(new CapturedArp(time, frame));

    public void Dispose() => _received.Writer.TryComplete();
}
