namespace ArpDoctor.Linux.LiveCapture;

/// <summary>Why a link could not be opened. Every kind is an environment problem (exit code 3).</summary>
public enum LinkErrorKind
{
    NoSuchInterface,
    InterfaceDown,
    NoMacAddress,
    PermissionDenied,
    LibpcapMissing,
    CaptureFailed,
}

/// <param name="Message">One line: the cause and the remedy.</param>
public sealed record LinkError(LinkErrorKind Kind, string Message);
