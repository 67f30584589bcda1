using ArpDoctor.Cli.Hosting;
using Spectre.Console.Testing;

namespace ArpDoctor.Cli.Tests.Analyze;

/// <summary>Runs <c>arpdoctor</c> in-process with a test console, as a user would on the command line.</summary>
internal static class AnalyzeRun
{
    public static string Golden(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", name);

    public static async Task<(int Code, string Out, string Err)> Run(byte[]? stdin, params string[] args)
    {
        var console = new TestConsole();
        console.Profile.Width = 250;
        var error = new StringWriter();
        var cli = new CliContext(console, error, _ => (null, null), TimeProvider.System)
        {
            OpenStandardInput = () => new MemoryStream(stdin ?? []),
            Vendors = new(TestKit.IeeeFixture.Vendors),
        };
        int code = await CliApp.RunAsync(args, cli);
        return (code, console.Output, error.ToString());
    }

    public static Task<(int Code, string Out, string Err)> Run(params string[] args) => Run(null, args);
}
