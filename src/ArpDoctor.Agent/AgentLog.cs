using Microsoft.Extensions.Logging;

namespace ArpDoctor.Agent;

/// <summary>The agent's log lines; the structured fields use the domain's words.</summary>
internal static partial class AgentLog
{
    [LoggerMessage(1, LogLevel.Information, "agent started on node {Node}, interface {Interface}, every {IntervalSeconds}s at most {Rate} probes/s")]
    public static partial void Started(ILogger logger, string node, string @interface, double intervalSeconds, int rate);

    [LoggerMessage(2, LogLevel.Information, "services listed: {Services} services, {Vips} VIPs at resourceVersion {ResourceVersion}")]
    public static partial void Listed(ILogger logger, int services, int vips, string resourceVersion);

    [LoggerMessage(3, LogLevel.Warning, "API call failed, retrying in {BackoffSeconds}s: {Error}")]
    public static partial void ApiFailed(ILogger logger, double backoffSeconds, string error);

    [LoggerMessage(4, LogLevel.Information, "service watch expired at resourceVersion {ResourceVersion}; listing again")]
    public static partial void Expired(ILogger logger, string resourceVersion);

    [LoggerMessage(5, LogLevel.Warning, "{Vip} of {Service}: {Event} winner={Mac} previous={PreviousMac} cause={Cause} responders={Responders}")]
    public static partial void VipEvent(ILogger logger, string vip, string service, string @event, string? mac, string? previousMac, string? cause, int responders);

    [LoggerMessage(6, LogLevel.Warning, "Warning Event on {Service}: {Message}")]
    public static partial void WarningPosted(ILogger logger, string service, string message);

    [LoggerMessage(7, LogLevel.Warning, "cannot post the Warning Event on {Service}: {Error}")]
    public static partial void WarningFailed(ILogger logger, string service, string error);

    [LoggerMessage(8, LogLevel.Warning, "cannot read the node's ARP settings: {Error}")]
    public static partial void NodeReadFailed(ILogger logger, string error);

    [LoggerMessage(9, LogLevel.Information, "agent stopping")]
    public static partial void Stopping(ILogger logger);

    [LoggerMessage(10, LogLevel.Information, "node strictARP is {StrictArp} (arp_ignore={ArpIgnore}, arp_announce={ArpAnnounce} on {Interface})")]
    public static partial void NodeState(ILogger logger, bool strictArp, int arpIgnore, int arpAnnounce, string @interface);

    [LoggerMessage(11, LogLevel.Warning, "interface {Interface} cannot carry probes ({State}): {Reason}; its VIPs are not probed until it can")]
    public static partial void InterfaceUnavailable(ILogger logger, string @interface, string state, string reason);

    [LoggerMessage(12, LogLevel.Information, "interface {Interface} is up with carrier again; probing resumes")]
    public static partial void InterfaceBack(ILogger logger, string @interface);
}
