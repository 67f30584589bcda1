using System.Diagnostics;
using ArpDoctor.TestKit;
using SkiaSharp;
using Xunit;
using static ArpDoctor.Cli.Tests.Analyze.AnalyzeRun;

namespace ArpDoctor.Cli.Tests.Analyze;

/// <summary>
/// Opens the HTML report in headless Chromium (Debian package <c>chromium</c>): the verdict must be in the
/// rendered DOM and the timeline's marks must be painted. Skipped when Chromium is missing, unless
/// ARPDOCTOR_REQUIRE_LAB=1 says the environment must have it.
/// </summary>
public sealed class HtmlInBrowserTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("arpdoctor-html-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<(string Stdout, int Exit)> Chromium(string chromium, params string[] args)
    {
        var start = new ProcessStartInfo(chromium)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--no-first-run", $"--user-data-dir={Path.Combine(_dir, "profile")}" })
            start.ArgumentList.Add(a);
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("chromium did not finish within 90 s");
        }
        return (await stdout, process.ExitCode);
    }

    [SkippableFact]
    public async Task Chromium_renders_the_verdict_and_the_plot()
    {
        Requirements.Tool("chromium");
        const string chromium = "chromium";

        var (exit, html, _) = await Run("analyze", "-o", "html", Golden("eth-failover.pcap"));
        Assert.Equal(0, exit);
        var page = Path.Combine(_dir, "report.html");
        await File.WriteAllTextAsync(page, html);
        var url = new Uri(page).AbsoluteUri;

        var (dom, domExit) = await Chromium(chromium, "--dump-dom", url);
        Assert.Equal(0, domExit);
        // One MAC, then another announced by gratuitous ARP: a failover, healthy now.
        Assert.Contains("<span id=\"verdict\" class=\"verdict healthy\">healthy</span>", dom);
        Assert.Contains("<li class=\"change\">failover at 2026-11-26 12:51:34 UTC (probe 4): 02:00:00:00:01:01 → 02:00:00:00:01:02, announced by the new MAC</li>", dom);
        Assert.Contains("<svg", dom);

        var shot = Path.Combine(_dir, "shot.png");
        var (_, shotExit) = await Chromium(chromium, "--window-size=1200,1600", $"--screenshot={shot}", url);
        Assert.Equal(0, shotExit);
        using var bitmap = SKBitmap.Decode(shot);
        Assert.NotNull(bitmap);
        // The first two rows of the timeline are drawn in Category10's blue (#1f77b4) and orange (#ff7f0e);
        // the page uses neither anywhere else, so painted pixels of both mean the plot rendered.
        Assert.True(CountNear(bitmap, 0x1f, 0x77, 0xb4) > 100, "no blue timeline marks in the screenshot");
        Assert.True(CountNear(bitmap, 0xff, 0x7f, 0x0e) > 100, "no orange timeline marks in the screenshot");
    }

    private static int CountNear(SKBitmap bitmap, byte r, byte g, byte b)
    {
        int count = 0;
        for (int y = 0; y < bitmap.Height; y++)
            for (int x = 0; x < bitmap.Width; x++)
            {
                var c = bitmap.GetPixel(x, y);
                if (Math.Abs(c.Red - r) < 12 && Math.Abs(c.Green - g) < 12 && Math.Abs(c.Blue - b) < 12) count++;
            }
        return count;
    }
}
