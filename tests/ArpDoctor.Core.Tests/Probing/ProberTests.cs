using ArpDoctor.TestKit;
using ArpDoctor.Core.Packets;
using ArpDoctor.Core.Probing;
using Xunit;

namespace ArpDoctor.Core.Tests.Probing;

public class ProberTests
{
    private static readonly MacAddress Us = MacAddress.Parse("aa:bb:cc:00:00:02");
    private static readonly Ipv4Address UsIp = Ipv4Address.Parse("192.0.2.2");
    private static readonly Ipv4Address Vip = Ipv4Address.Parse("203.0.113.10");
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static MacAddress Node(int n) => new(0x0200_0000_0010UL + (ulong)n);

    private static async Task<(ProbeResult Result, FakeArpLink Link)> Probe(int count, params (int Node, double DelayMs)[] responders)
    {
        using var link = new FakeArpLink(Us, T0);
        foreach (var (node, ms) in responders)
            link.Responders.Add((Node(node), Vip, TimeSpan.FromMilliseconds(ms)));
        var request = new ProbeRequest(Vip, UsIp, Us, count, TimeSpan.Zero, TimeSpan.FromMilliseconds(20));
        var result = await new Prober(link, TimeProvider.System).ProbeAsync(request);
        return (result, link);
    }

    [Fact]
    public async Task Every_probe_is_a_broadcast_request_from_us()
    {
        var (result, link) = await Probe(5, (1, 0.3));
        Assert.Equal(5, result.ProbesSent);
        Assert.Equal(5, link.Sent.Count);
        Assert.All(link.Sent, f =>
        {
            Assert.Equal(MacAddress.Broadcast, f.EthernetDestination);
            Assert.Equal(ArpOperation.Request, f.Operation);
            Assert.Equal(Us, f.SenderMac);
            Assert.Equal(UsIp, f.SenderIp);
            Assert.Equal(Vip, f.TargetIp);
        });
    }

    [Fact]
    public async Task One_responder_is_healthy()
    {
        var (result, _) = await Probe(3, (1, 0.3));
        Assert.Equal(Verdict.Healthy, result.Verdict);
        var only = Assert.Single(result.Responders);
        Assert.Equal(new ResponderSummary(Node(1), 3, 3), only);
        Assert.All(result.Replies, r => Assert.Equal(0.3, r.RoundTrip.TotalMilliseconds, 6));
    }

    [Fact]
    public async Task Every_reply_of_every_responder_is_kept_and_the_fastest_wins_each_probe()
    {
        var (result, _) = await Probe(4, (1, 0.5), (2, 0.2), (3, 0.9));
        Assert.Equal(Verdict.Conflict, result.Verdict);
        Assert.Equal(12, result.Replies.Count);
        Assert.Equal([1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4], result.Replies.Select(r => r.Probe));
        Assert.Equal(
            [new ResponderSummary(Node(2), 4, 4), new ResponderSummary(Node(1), 4, 0), new ResponderSummary(Node(3), 4, 0)],
            result.Responders);
    }

    [Fact]
    public async Task Nobody_answering_is_no_answer()
    {
        var (result, _) = await Probe(2);
        Assert.Equal(Verdict.NoAnswer, result.Verdict);
        Assert.Empty(result.Replies);
        Assert.Equal(2, result.ProbesSent);
    }
}
