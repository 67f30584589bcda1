namespace ArpDoctor.Core.Diagnosis;

/// <summary>A LoadBalancer Service, its VIPs, and the node MetalLB says announces them (<c>null</c>: unknown).</summary>
public sealed record ServiceAnnouncement(string Namespace, string Name, IReadOnlyList<string> Vips, string? Announcer);
