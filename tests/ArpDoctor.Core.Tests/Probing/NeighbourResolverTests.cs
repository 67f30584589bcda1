using ArpDoctor.Core.Packets;
using ArpDoctor.Core.Probing;
using ArpDoctor.TestKit.Fakes;
using Xunit;

namespace ArpDoctor.Core.Tests.Probing;

/// <summary>
/// Resolving node addresses in one go, on a <see cref="ManualClock"/>. Segment: 192.0.2.11..110 owned by
/// 02:00:00:00:00:01..100 (each answering after 1 ms), 192.0.2.200 owned by nobody; the prober is 02:00:00:00:00:fe.
/// </summary>
public sealed class NeighbourResolverTests
{
    private static readonly MacAddress Prober = MacAddress.Parse("02:00:00:00:00:fe");

    [Fact]
    public async Task Resolves_a_hundred_nodes_in_one_wait_and_leaves_the_silent_one_null()
    {
        var clock = new ManualClock();
        using var link = new TimedFakeArpLink("eth0", Prober, clock, inline: true);
        var hosts = Enumerable.Range(1, 100).ToDictionary(n => new MacAddress(0x0200_0000_0000UL + (ulong)n), n => new Ipv4Address(Ipv4Address.Parse("192.0.2.10").Value + (uint)n));
        foreach (var (mac, ip) in hosts) link.Answer(ip, mac, () => TimeSpan.FromMilliseconds(1));
        var targets = hosts.Values.Append(Ipv4Address.Parse("192.0.2.200")).ToList();

        var resolving = new NeighbourResolver(link, clock).ResolveAsync(targets, Ipv4Address.Any, TimeSpan.FromMilliseconds(200), CancellationToken.None);
        while (!resolving.IsCompleted) Assert.True(clock.AdvanceToNextTimer(), "waits on no timer");
        var owners = await resolving;

        Assert.Equal(101, owners.Count);
        Assert.Null(owners[Ipv4Address.Parse("192.0.2.200")]);
        foreach (var (mac, ip) in hosts) Assert.Equal(mac, owners[ip]);
        // Round 1: 101 requests 2 ms apart (200 ms), one 200 ms wait; round 2: the silent one, another wait. Not one wait per node (20 s).
        Assert.Equal(TimeSpan.FromMilliseconds(600), clock.Elapsed);
        Assert.Equal(102, link.Sent);
    }
}
