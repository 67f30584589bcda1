using ArpDoctor.Core.Packets;
using ArpDoctor.Core.Probing;
using ArpDoctor.Core.Scanning;
using ArpDoctor.TestKit.Fakes;
using Xunit;

namespace ArpDoctor.Core.Tests.Scanning;

public class ScannerTests
{
    // Address plan: fake link 02:00:00:00:00:01 / 192.0.2.2; nodes 02:00:00:00:00:1N; VIPs from 203.0.113.10.
    private static readonly Ipv4Address Client = Ipv4Address.Parse("192.0.2.2");
    private static MacAddress Node(int n) => new(0x02_00_00_00_00_10UL + (uint)n);
    private static List<Ipv4Address> Vips(int count) =>
        Enumerable.Range(0, count).Select(i => new Ipv4Address(Ipv4Address.Parse("203.0.113.10").Value + (uint)i)).ToList();

    [Fact]
    public async Task Every_reply_of_every_responder_is_kept()
    {
        using var link = new TimedFakeArpLink(TimeProvider.System);
        var vips = Vips(100);
        foreach (var vip in vips.Take(90))
            for (int n = 1; n <= 3; n++) link.Answer(vip, Node(n));
        var request = new ScanRequest(vips, Client, link.Mac, Rate: 50_000, Retries: 0, Wait: TimeSpan.FromMilliseconds(50));

        var result = await new Scanner(link, TimeProvider.System).ScanAsync(request);

        Assert.Equal(100, result.ProbesSent);
        Assert.Equal(270, result.Replies);
        Assert.Equal(90, result.Conflicts);
        Assert.Equal(10, result.Silent);
        Assert.Equal(vips.Skip(90), result.Results.Where(r => r.Verdict == Verdict.NoAnswer).Select(r => r.Vip));
    }

    [Fact]
    public async Task Retries_reprobe_only_silent_targets()
    {
        using var link = new TimedFakeArpLink(TimeProvider.System);
        var vips = Vips(10);
        foreach (var vip in vips.Take(8)) link.Answer(vip, Node(1));
        var request = new ScanRequest(vips, Client, link.Mac, Rate: 10_000, Retries: 2, Wait: TimeSpan.FromMilliseconds(20));

        var result = await new Scanner(link, TimeProvider.System).ScanAsync(request);

        Assert.Equal(10 + 2 + 2, result.ProbesSent);
        Assert.All(result.Results.Where(r => r.Verdict == Verdict.Healthy), r => Assert.Equal(1, r.Probes));
        Assert.All(result.Results.Where(r => r.Verdict == Verdict.NoAnswer), r => Assert.Equal(3, r.Probes));
    }

    [Fact]
    public async Task Sending_is_paced_at_the_rate()
    {
        using var link = new TimedFakeArpLink(TimeProvider.System) { EchoSent = false };
        var request = new ScanRequest(Vips(200), Client, link.Mac, Rate: 1000, Retries: 0, Wait: TimeSpan.Zero);

        var result = await new Scanner(link, TimeProvider.System).ScanAsync(request);

        // 200 probes at 1000/s: the last is due 199 ms after the first.
        Assert.InRange(result.SendTime.TotalMilliseconds, 190, 5000);   // never faster than the rate; slower only on a starved machine
        Assert.InRange(result.AchievedRate, 30, 1050);
    }

    [Fact]
    public async Task Replies_arriving_during_the_wait_count()
    {
        using var link = new TimedFakeArpLink(TimeProvider.System);
        // The second VIP stays silent, so the round listens for the whole wait; the reply 30 ms late still counts.
        var vip = Vips(2)[0];
        link.Answer(vip, Node(1)).Answer(vip, Node(2), () => TimeSpan.FromMilliseconds(30));
        var request = new ScanRequest(Vips(2), Client, link.Mac, 1000, 0, TimeSpan.FromMilliseconds(200));

        var result = await new Scanner(link, TimeProvider.System).ScanAsync(request);

        var answered = result.Results.Single(r => r.Vip == vip);
        Assert.Equal([Node(1), Node(2)], answered.Responders.Select(r => r.Mac));
        Assert.Equal(Node(1), answered.Winner);
    }
}

public class ScannerWaitTests
{
    private static readonly Ipv4Address Client = Ipv4Address.Parse("192.0.2.2");
    private static readonly Ipv4Address Vip1 = Ipv4Address.Parse("203.0.113.10");
    private static readonly Ipv4Address Vip2 = Ipv4Address.Parse("203.0.113.11");
    private static readonly MacAddress A = MacAddress.Parse("02:00:00:00:00:11");
    private static readonly MacAddress B = MacAddress.Parse("02:00:00:00:00:12");

    [Fact]
    public async Task A_silent_target_gets_the_full_wait()
    {
        using var link = new TimedFakeArpLink(TimeProvider.System);
        link.Answer(Vip1, A);
        var request = new ScanRequest([Vip1, Vip2], Client, link.Mac, 1000, 0, TimeSpan.FromMilliseconds(600));

        var result = await new Scanner(link, TimeProvider.System).ScanAsync(request);

        Assert.True(result.Elapsed >= TimeSpan.FromMilliseconds(600), $"{result.Elapsed}");
    }
}
