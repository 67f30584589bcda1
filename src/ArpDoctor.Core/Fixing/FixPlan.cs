using ArpDoctor.Core.KubeProxy;
using ArpDoctor.Core.Platforms;

namespace ArpDoctor.Core.Fixing;

public enum FixPlanKind
{
    /// <summary>The new config.conf is in <see cref="FixPlan.Edit"/>.</summary>
    Edit,
    /// <summary>strictARP already has the wanted value.</summary>
    NothingToDo,
    /// <summary>kube-proxy is not in IPVS mode, or not installed: strictARP does nothing.</summary>
    NotApplicable,
    /// <summary>A platform would revert the patch (or there is no ConfigMap to patch); <c>--force</c> overrides where a patch is possible.</summary>
    Managed,
    /// <summary>The DaemonSet's <c>--ipvs-strict-arp</c> flag overrides the file; editing the file would change nothing.</summary>
    FlagOverrides,
    /// <summary>config.conf is missing or cannot be edited safely.</summary>
    CannotEdit,
}

/// <summary>What <c>fix</c> will do to one version of the ConfigMap, and why.</summary>
/// <param name="Message">One or two sentences for the user.</param>
/// <param name="Warnings">Said before writing (e.g. <c>--force</c> on a managed platform).</param>
public sealed record FixPlan(FixPlanKind Kind, string Message, StrictArpEdit? Edit, PlatformDetection Platform, IReadOnlyList<string> Warnings);
