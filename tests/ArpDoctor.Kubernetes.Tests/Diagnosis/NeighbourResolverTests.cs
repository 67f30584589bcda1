using System.Diagnostics;
using ArpDoctor.Core.Packets;
using ArpDoctor.Core.Probing;
using ArpDoctor.Kubernetes.Tests.Fakes;
using Xunit;

namespace ArpDoctor.Kubernetes.Tests.Diagnosis;

/// <summary>
/// Resolving node addresses in one go. Segment: 192.0.2.11..110 owned by 02:00:00:00:00:01..100,
/// 192.0.2.200 owned by nobody; the prober is 02:00:00:00:00:fe.
/// </summary>
public sealed class NeighbourResolverTests
{
    private static readonly MacAddress Prober = MacAddress.Parse("02:00:00:00:00:fe");

    [Fact]
    public async Task Resolves_a_hundred_nodes_in_one_wait_and_leaves_the_silent_one_null()
    {
        var hosts = Enumerable.Range(1, 100).ToDictionary(n => new MacAddress(0x0200_0000_0000UL + (ulong)n), n => new[] { new Ipv4Address(Ipv4Address.Parse("192.0.2.10").Value + (uint)n) });
        using var link = new FakeSegment(hosts).Open("eth0", Prober);
        var targets = hosts.Values.Select(v => v[0]).Append(Ipv4Address.Parse("192.0.2.200")).ToList();
        var watch = Stopwatch.StartNew();
        var owners = await new NeighbourResolver(link, TimeProvider.System).ResolveAsync(targets, Ipv4Address.Any, TimeSpan.FromMilliseconds(200), CancellationToken.None);
        Assert.Equal(101, owners.Count);
        Assert.Null(owners[Ipv4Address.Parse("192.0.2.200")]);
        foreach (var (mac, ips) in hosts) Assert.Equal(mac, owners[ips[0]]);
        // Two rounds of 101 requests 2 ms apart plus two 200 ms waits: far below one wait per node (20 s).
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }
}
