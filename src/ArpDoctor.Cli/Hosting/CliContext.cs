using ArpDoctor.Core.Links;
using ArpDoctor.Core.Vendors;
using ArpDoctor.Linux.LiveCapture;
using ArpDoctor.Linux.Interfaces;
using ArpDoctor.Linux.Vendors;
using Spectre.Console;

namespace ArpDoctor.Cli.Hosting;

/// <summary>Opens a link by interface name; an expected failure is a <see cref="LinkError"/>.</summary>
public delegate (IArpLink? Link, LinkError? Error) LinkOpener(string interfaceName);

/// <summary>What commands write to and open: the real console and libpcap in production, fakes in tests.</summary>
public sealed class CliContext(IAnsiConsole output, TextWriter error, LinkOpener openLink, TimeProvider time)
{
    public IAnsiConsole Output { get; } = output;
    public TextWriter Error { get; } = error;
    public LinkOpener OpenLink { get; } = openLink;
    /// <summary>
    /// An interface by name for a prober that outlives it: a link that opens when the interface can carry frames and
    /// reopens after it came back; over <see cref="OpenLink"/> unless set (production: libpcap's small ring,
    /// <see cref="ReopeningLink.Pcap"/>).
    /// </summary>
    public Func<string, ILinkSource> OpenLinkSource { get; init; } = name => new ReopeningLink(name, InterfaceCatalog.Find, n =>
    {
        var (link, error) = openLink(n);
        return (link, error);
    });
    public TimeProvider Time { get; } = time;
    /// <summary>Standard input, for commands that read <c>-</c>; tests give a stream of their own.</summary>
    public Func<Stream> OpenStandardInput { get; init; } = Console.OpenStandardInput;
    /// <summary>
    /// The IEEE registry for vendor names beside MACs, read the first time output shows a MAC (never for <c>--help</c>, a
    /// usage error or a verb that shows none); no registry unless set, so tests name theirs.
    /// </summary>
    public Lazy<MacVendors> Vendors { get; init; } = new(MacVendors.Empty);

    /// <summary>Writes the one-line error every failure produces: <c>arpdoctor: VERB: WHAT: WHY</c>.</summary>
    public int Fail(int exitCode, string verb, string message)
    {
        Error.WriteLine($"arpdoctor: {verb}: {Printable(message)}");
        return exitCode;
    }

    /// <summary>
    /// The message with control characters (escape sequences, NUL, line breaks from input files) shown as <c>\xNN</c>:
    /// an error is one line, and input never drives the terminal.
    /// </summary>
    public static string Printable(string message)
    {
        if (!message.Any(char.IsControl)) return message;
        var sb = new System.Text.StringBuilder(message.Length + 16);
        foreach (var c in message)
            sb.Append(char.IsControl(c) ? $"\\x{(int)c:x2}" : c);
        return sb.ToString();
    }

    /// <summary>Wide enough that nothing wraps: a file or a pipe gets long lines, as kubectl's tables do.</summary>
    public const int NoWrapping = 16_384;

    /// <summary>
    /// The width text is laid out for: on a terminal, its own width (<c>null</c>: Spectre asks the terminal); otherwise
    /// <c>COLUMNS</c> when it is a number, else no wrapping at all. Without this a pipe was taken as 80 columns and MAC
    /// addresses in locate's table were cut in two.
    /// </summary>
    public static int? Width(bool outputIsTerminal, string? columns) =>
        outputIsTerminal ? null
        : int.TryParse(columns, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var c) && c is >= 20 and <= NoWrapping ? c
        : NoWrapping;

    public static CliContext ForConsole()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Console.Out),
        });
        if (Width(!Console.IsOutputRedirected, Environment.GetEnvironmentVariable("COLUMNS")) is { } width) console.Profile.Width = width;
        return new CliContext(console, Console.Error, name =>
        {
            var (link, error) = PcapArpLink.Open(name);
            return (link, error);
        }, TimeProvider.System)
        {
            Vendors = new(() => IeeeDataFiles.Load(IeeeDataFiles.DirectoryFrom(Environment.GetEnvironmentVariable(IeeeDataFiles.EnvironmentVariable)))),
            OpenLinkSource = ReopeningLink.Pcap,
        };
    }
}
