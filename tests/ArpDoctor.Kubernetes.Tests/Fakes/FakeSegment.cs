using System.Threading.Channels;
using ArpDoctor.Core.Links;
using ArpDoctor.Core.Packets;

namespace ArpDoctor.Kubernetes.Tests.Fakes;

/// <summary>
/// An L2 segment in memory: hosts own IPv4 addresses, and every host owning the target of a broadcast
/// request answers it (as kernels with arp_ignore=0 do for addresses on kube-ipvs0). Replies arrive
/// a little after the request, host by host.
/// </summary>
public sealed class FakeSegment(IReadOnlyDictionary<MacAddress, Ipv4Address[]> hosts)
{
    private IReadOnlyDictionary<MacAddress, Ipv4Address[]> Hosts { get; } = hosts;

    public IArpLink Open(string name, MacAddress mac) => new Link(this, name, mac);

    private sealed class Link(FakeSegment segment, string name, MacAddress mac) : IArpLink
    {
        private readonly Channel<CapturedArp> _received = Channel.CreateUnbounded<CapturedArp>();

        public string Name { get; } = name;
        public MacAddress Mac { get; } = mac;
        public ChannelReader<CapturedArp> Received => _received.Reader;

        public DateTimeOffset Send(in ArpFrame frame)
        {
            var now = DateTimeOffset.UtcNow;
            _received.Writer.TryWrite(new CapturedArp(now, frame));
            if (frame.Operation != ArpOperation.Request) return now;
            int order = 0;
            foreach (var (hostMac, ips) in segment.Hosts)
                if (ips.Contains(frame.TargetIp))
                    _received.Writer.TryWrite(new CapturedArp(now.AddMilliseconds(0.2 + 0.1 * order++),
                        ArpFrame.Reply(hostMac, frame.TargetIp, frame.SenderMac, frame.SenderIp)));
            return now;
        }

        public void Dispose() => _received.Writer.TryComplete();
    }
}
