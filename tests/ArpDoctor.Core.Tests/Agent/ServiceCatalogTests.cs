using ArpDoctor.Core.Agent;
using ArpDoctor.Core.Cluster;
using ArpDoctor.Core.Packets;
using Xunit;

namespace ArpDoctor.Core.Tests.Agent;

/// <summary>Services shop/web 203.0.113.10, shop/api 203.0.113.11, ops/dns 203.0.113.12.</summary>
public sealed class ServiceCatalogTests
{
    private static ServiceSnapshot Svc(string ns, string name, params string[] vips) => new(ns, name, vips);
    private static Ipv4Address Ip(string s) => Ipv4Address.Parse(s);

    [Fact]
    public void A_list_replaces_everything_and_sets_the_resourceVersion()
    {
        var c = new ServiceCatalog();
        Assert.False(c.Synced);
        c.Replace(new ServiceListing([Svc("shop", "web", "203.0.113.10"), Svc("shop", "api", "203.0.113.11")], "100"));
        c.Replace(new ServiceListing([Svc("ops", "dns", "203.0.113.12")], "200"));
        Assert.True(c.Synced);
        Assert.Equal("200", c.ResourceVersion);
        Assert.Equal([new ServiceRef("ops", "dns")], Assert.Single(c.Snapshot).Value);
    }

    [Fact]
    public void Addresses_that_cannot_be_VIPs_are_not_probed()
    {
        // The agent would broadcast ARP for 0.0.0.0 or 255.255.255.255 from every node.
        var c = new ServiceCatalog();
        c.Replace(new ServiceListing([Svc("shop", "web", "0.0.0.0", "203.0.113.10", "255.255.255.255", "224.0.0.1", "127.0.0.1")], "100"));
        Assert.Equal([Ip("203.0.113.10")], c.Snapshot.Keys);
    }

    [Fact]
    public void Watch_events_add_change_and_remove_VIPs_and_advance_the_resourceVersion()
    {
        var c = new ServiceCatalog();
        c.Replace(new ServiceListing([Svc("shop", "web", "203.0.113.10")], "100"));
        Assert.True(c.Apply(new ServiceChange(ServiceChangeKind.Added, Svc("shop", "api", "203.0.113.11"), "101")));
        Assert.True(c.Apply(new ServiceChange(ServiceChangeKind.Modified, Svc("shop", "web", "203.0.113.20"), "102")));
        Assert.Equal([Ip("203.0.113.11"), Ip("203.0.113.20")], c.Snapshot.Keys.Order());
        Assert.True(c.Apply(new ServiceChange(ServiceChangeKind.Deleted, Svc("shop", "api", "203.0.113.11"), "103")));
        Assert.True(c.Apply(new ServiceChange(ServiceChangeKind.Bookmark, null, "150")));
        Assert.Equal([Ip("203.0.113.20")], c.Snapshot.Keys);
        Assert.Equal("150", c.ResourceVersion);
        Assert.Equal(1, c.ServiceCount);
    }

    [Fact]
    public void A_Service_that_loses_its_ingress_is_no_longer_probed()
    {
        var c = new ServiceCatalog();
        c.Replace(new ServiceListing([Svc("shop", "web", "203.0.113.10")], "100"));
        c.Apply(new ServiceChange(ServiceChangeKind.Modified, Svc("shop", "web"), "101"));
        Assert.Empty(c.Snapshot);
        Assert.Equal(0, c.ServiceCount);
    }

    [Fact]
    public void Expired_asks_for_a_relist_and_keeps_the_last_set()
    {
        var c = new ServiceCatalog();
        c.Replace(new ServiceListing([Svc("shop", "web", "203.0.113.10")], "100"));
        Assert.False(c.Apply(new ServiceChange(ServiceChangeKind.Expired, null, "")));
        Assert.Equal("100", c.ResourceVersion);
        Assert.Single(c.Snapshot);
    }

    [Fact]
    public void A_shared_VIP_belongs_to_every_Service_that_has_it_by_name_and_non_IPv4_addresses_are_skipped()
    {
        // MetalLB's allow-shared-ip: two Services with the same sharing key get the same VIP (one per port or protocol).
        var c = new ServiceCatalog();
        c.Replace(new ServiceListing([Svc("shop", "web", "203.0.113.10", "2001:db8::1"), Svc("shop", "api", "203.0.113.10"), Svc("ops", "dns", "203.0.113.12")], "1"));
        Assert.Equal([new ServiceRef("shop", "api"), new ServiceRef("shop", "web")], c.Snapshot[Ip("203.0.113.10")]);
        c.Apply(new ServiceChange(ServiceChangeKind.Deleted, Svc("shop", "api", "203.0.113.10"), "2"));
        Assert.Equal([new ServiceRef("shop", "web")], c.Snapshot[Ip("203.0.113.10")]);
        Assert.Equal([Ip("203.0.113.10"), Ip("203.0.113.12")], c.Snapshot.Keys.Order());
    }

    [Fact]
    public void The_catalog_keeps_each_Service_uid_and_resourceVersion_for_its_Events()
    {
        var catalog = new ServiceCatalog();
        catalog.Replace(new ServiceListing([new ServiceSnapshot("shop", "web", ["203.0.113.10"], Uid: "5d1c0e1a-0000-4000-8000-000000000001", ResourceVersion: "41")], "41"));
        Assert.Equal(new ServiceIdentity("5d1c0e1a-0000-4000-8000-000000000001", "41"), catalog.IdentityOf(new ServiceRef("shop", "web")));
        catalog.Apply(new ServiceChange(ServiceChangeKind.Modified,
            new ServiceSnapshot("shop", "web", ["203.0.113.10"], Uid: "5d1c0e1a-0000-4000-8000-000000000001", ResourceVersion: "57"), "57"));
        Assert.Equal("57", catalog.IdentityOf(new ServiceRef("shop", "web"))!.ResourceVersion);
        catalog.Apply(new ServiceChange(ServiceChangeKind.Deleted, new ServiceSnapshot("shop", "web", []), "60"));
        Assert.Null(catalog.IdentityOf(new ServiceRef("shop", "web")));
    }
}
