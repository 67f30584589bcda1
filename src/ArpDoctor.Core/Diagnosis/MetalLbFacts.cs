using ArpDoctor.Core.Cluster;
using ArpDoctor.Core.Text;

namespace ArpDoctor.Core.Diagnosis;

/// <summary>Which protocol MetalLB announces with, as far as its resources say.</summary>
public enum MetalLbMode
{
    NotInstalled,
    /// <summary>Installed, but no advertisement of either kind (nothing announced yet).</summary>
    NoAdvertisements,
    Layer2,
    BgpOnly,
    /// <summary>Installed, but its resources could not be read: taken as layer 2, the reading that hides no flapping.</summary>
    Unknown,
}

/// <summary>MetalLB's presence, version and protocol, read from its speaker DaemonSet and resources.</summary>
public static class MetalLbFacts
{
    /// <summary>
    /// MetalLB's speaker: a DaemonSet whose container reads the speaker's own env (<see cref="AnnouncerSignatures.IsMetalLbSpeaker"/>),
    /// under any name and image; else, for a speaker whose env is not visible, one named <c>*speaker</c> whose image or labels say metallb.
    /// </summary>
    public static DaemonSetSnapshot? FindSpeaker(IReadOnlyList<DaemonSetSnapshot> daemonSets) =>
        daemonSets.FirstOrDefault(d => d.Containers.Any(AnnouncerSignatures.IsMetalLbSpeaker))
        ?? daemonSets.FirstOrDefault(d =>
            d.Name.EndsWith("speaker", StringComparison.Ordinal) &&
            (d.Containers.Any(c => c.Image.Contains("metallb", StringComparison.OrdinalIgnoreCase)) ||
             d.Labels.Values.Any(v => v.Contains("metallb", StringComparison.OrdinalIgnoreCase))));

    /// <summary>The pre-0.13 ConfigMap the speaker reads: its <c>--config</c> flag (speaker/main.go, default <c>config</c>).</summary>
    public static string LegacyConfigName(DaemonSetSnapshot? speaker)
    {
        var args = speaker?.Containers.SelectMany(c => c.Command.Concat(c.Args)).ToList() ?? [];
        for (int i = 0; i < args.Count; i++)
        {
            if (args[i].StartsWith("--config=", StringComparison.Ordinal)) return args[i]["--config=".Length..];
            if (args[i] == "--config" && i + 1 < args.Count) return args[i + 1];
        }
        return "config";
    }

    /// <summary>The speaker image's tag, e.g. <c>v0.14.8</c>; <c>null</c> when untagged or pinned by digest only.</summary>
    public static string? Version(DaemonSetSnapshot speaker)
    {
        var image = speaker.Containers.Select(c => c.Image).FirstOrDefault(i => i.Contains("speaker", StringComparison.Ordinal))
            ?? speaker.Containers.FirstOrDefault()?.Image ?? "";
        var withoutDigest = image.Split('@')[0];
        int slash = withoutDigest.LastIndexOf('/'), colon = withoutDigest.LastIndexOf(':');
        return colon > slash ? withoutDigest[(colon + 1)..] : null;
    }

    public static (MetalLbMode Mode, List<string> Evidence) Mode(DaemonSetSnapshot? speaker, MetalLbResources r)
    {
        var evidence = new List<string>();
        var legacy = r.LegacyConfig?.Get("config");
        if (speaker is null && r.L2Advertisements is null && legacy is null) return (MetalLbMode.NotInstalled, evidence);
        if (r.Unread) return (MetalLbMode.Unknown, evidence);
        bool l2 = false, bgp = false;
        if (r.L2Advertisements is { Count: > 0 } l2s)
        {
            l2 = true;
            evidence.Add($"{Words.Noun(l2s.Count, "L2Advertisement")}: {string.Join(", ", l2s)}");
        }
        if (r.BgpAdvertisements is { Count: > 0 } bgps)
        {
            bgp = true;
            evidence.Add($"{Words.Noun(bgps.Count, "BGPAdvertisement")}: {string.Join(", ", bgps)}");
        }
        if (legacy is not null)
        {
            var protocols = LegacyProtocols(legacy);
            evidence.Add($"legacy configmap {r.LegacyConfig!.Namespace}/{r.LegacyConfig.Name}: protocol {string.Join(", ", protocols)}");
            l2 |= protocols.Contains("layer2");
            bgp |= protocols.Contains("bgp");
        }
        if (l2) return (MetalLbMode.Layer2, evidence);
        if (bgp) return (MetalLbMode.BgpOnly, evidence);
        return (MetalLbMode.NoAdvertisements, evidence);
    }

    /// <summary>The <c>protocol:</c> values of a pre-0.13 MetalLB <c>config</c> ConfigMap's address pools.</summary>
    public static IReadOnlyList<string> LegacyProtocols(string config) =>
        config.Split('\n')
            .Select(l => l.Trim().TrimStart('-').Trim())
            .Where(l => l.StartsWith("protocol:", StringComparison.Ordinal))
            .Select(l => l["protocol:".Length..].Trim().Trim('"', '\''))
            .Distinct()
            .ToList();

    /// <summary>
    /// The node MetalLB says announces the Service: the newest <c>ServiceL2Status</c>, else the newest
    /// layer-2 <c>nodeAssigned</c> event; <c>null</c> when neither exists.
    /// </summary>
    public static string? Announcer(string ns, string name, IReadOnlyList<ServiceL2StatusSnapshot> statuses, IReadOnlyList<AnnouncementEvent> events)
    {
        var status = statuses.Where(s => s.ServiceNamespace == ns && s.ServiceName == name).MaxBy(s => s.Created);
        if (status is not null) return status.Node;
        return events.Where(e => e.ServiceNamespace == ns && e.ServiceName == name && e.Protocol == "layer2").MaxBy(e => e.Time)?.Node;
    }

    /// <summary>For every Service with a <c>ServiceL2Status</c>, the node of its newest one (as <see cref="Announcer"/>).</summary>
    public static Dictionary<(string Namespace, string Name), string> AnnouncersByService(IReadOnlyList<ServiceL2StatusSnapshot> statuses) =>
        statuses.GroupBy(s => (s.ServiceNamespace, s.ServiceName))
            .ToDictionary(g => g.Key, g => g.MaxBy(s => s.Created)!.Node);

    /// <summary>Parses MetalLB's <c>nodeAssigned</c> message: <c>announcing from node "n1" with protocol "layer2"</c>.</summary>
    public static bool TryParseAnnouncement(string message, out string node, out string protocol)
    {
        node = protocol = "";
        const string prefix = "announcing from node ";
        if (!message.StartsWith(prefix, StringComparison.Ordinal)) return false;
        var rest = message[prefix.Length..];
        var parts = rest.Split(" with protocol ", 2, StringSplitOptions.None);
        node = parts[0].Trim().Trim('"');
        protocol = parts.Length > 1 ? parts[1].Trim().Trim('"') : "layer2";
        return node.Length > 0;
    }
}
