using ArpDoctor.Cli;
using ArpDoctor.Cli.Hosting;
using ArpDoctor.Core.Links;
using ArpDoctor.Linux.LiveCapture;
using Spectre.Console;

namespace ArpDoctor.Cli.Tests;

/// <summary>Runs the CLI in-process with captured output and a chosen link opener.</summary>
public sealed class CliHarness
{
    private readonly StringWriter _out = new();
    private readonly StringWriter _err = new();

    public CliHarness(LinkOpener? openLink = null, int width = 120)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(_out),
        });
        console.Profile.Width = width;
        // Vendor names from the fixture registry (real ieee-data records), never the machine's.
        Context = new CliContext(console, _err, openLink ?? (name => PcapArpLink.Open(name) is var (l, e) ? (l, e) : default), TimeProvider.System)
        {
            Vendors = new(TestKit.IeeeFixture.Vendors),
        };
    }

    public CliContext Context { get; }
    public string Out => _out.ToString();
    public string Err => _err.ToString();

    public async Task<int> Run(params string[] args) => await CliApp.RunAsync(args, Context);

    public static LinkOpener Fake(IArpLink link) => _ => (link, null);
}
