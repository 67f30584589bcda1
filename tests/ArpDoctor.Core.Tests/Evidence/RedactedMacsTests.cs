using ArpDoctor.Core.Evidence;
using Xunit;

namespace ArpDoctor.Core.Tests.Evidence;

/// <summary>How people hide MACs before pasting (each form seen in a real paste under TestData/real-pastes), and what is not hiding.</summary>
public sealed class RedactedMacsTests
{
    [Theory]
    [InlineData("Interface: wlp4s0, type: EN10MB, MAC: xx:xx:xx:xx:xx:xx, IPv4: 192.168.2.121", "xx:xx:xx:xx:xx:xx")]        // arp-scan#56
    [InlineData("192.168.2.137\tgg:gg:gg:gg:gg:gg\tHewlett Packard", "gg:gg:gg:gg:gg:gg")]                                   // arp-scan#56
    [InlineData("? (10.139.0.149) at 94:XX:28:XX:26:70 [ether] on ens160", "94:XX:28:XX:26:70")]                               // metallb#597
    [InlineData("? (100.68.0.2) at 0:c:XX:X:XX:XX on en0 ifscope [ethernet]", "0:c:XX:X:XX:XX")]                               // local-devices#10
    [InlineData("23:35:08.758405 xx:xx:xx:xx:xx:xx > zz:zz:zz:zz:zz:zz, ethertype ARP (0x0806), length 42:", "xx:xx:xx:xx:xx:xx")] // metallb#637
    [InlineData("Unicast reply from 203.0.113.10 [<redacted>]  0.771ms", "<redacted>")]
    [InlineData("Unicast reply from 203.0.113.10 [**:**:**:**:**:**]  0.771ms", "**:**:**:**:**:**")]
    public void Hidden_MACs_are_found(string line, string placeholder)
    {
        Assert.True(RedactedMacs.TryFind(line, out var found));
        Assert.Equal(placeholder, found);
        var error = RedactedMacs.ErrorFor(line, 12)!;
        Assert.Equal(12, error.LineNumber);
        Assert.Contains("needs the real ones, or at least a different made-up hexadecimal MAC for each device", error.Message);
    }

    [Theory]
    [InlineData("192.168.2.109\taa:aa:aa:aa:aa:aa\tSmartRG, Inc.")]       // a made-up MAC that is still hex: readable, and distinct from bb:bb:..
    [InlineData("20:28:47.130643 ARP, Reply 10.240.17.183 is-at 42:92:ad:23:12:3z, length 46")]   // a typo, which the reader reports as such
    [InlineData("Thu Nov 26 12:51:12 UTC 2026")]
    [InlineData("inet6 fe80::250:56ff:fe9b:3acb/64 scope link")]
    [InlineData("Unicast reply from 203.0.113.10 [DE:CB:35:DE:75:D0]  0.771ms")]
    public void Real_MACs_times_and_typos_are_not_hiding(string line) => Assert.False(RedactedMacs.TryFind(line, out _));
}
