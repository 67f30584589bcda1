using System.CommandLine;
using ArpDoctor.Cli.Hosting;
using ArpDoctor.Core.Packets;
using ArpDoctor.Core.Scanning;

namespace ArpDoctor.Cli.Scan;

/// <summary>Parses <c>scan</c>'s options, scans over a link, renders, maps the results to an exit code.</summary>
public static class ScanCommand
{
    private const string Verb = "scan";

    public static async Task<int> RunAsync(ScanCommandDefinition def, ParseResult parse, CliContext cli, CancellationToken ct)
    {
        if (!ScanTargets.TryExpand(parse.GetValue(def.Targets)!, ReadLines, out var targets, out var error))
            return cli.Fail(ExitCodes.Usage, Verb, error);
        int rate = parse.GetValue(def.Rate);
        int retries = parse.GetValue(def.Retries);
        TimeSpan wait = parse.GetValue(def.Wait);
        var source = parse.GetValue(def.Source);

        var (link, linkError) = cli.OpenLink(parse.GetValue(def.Interface)!);
        if (link is null)
            return cli.Fail(ExitCodes.Environment, Verb, linkError!.Message);
        using (link)
        {
            var sourceIp = SourceAddress.For(link, source);
            var request = new ScanRequest(targets, sourceIp, link.Mac, rate, retries, wait);
            var result = await new Scanner(link, cli.Time).ScanAsync(request, ct).ConfigureAwait(false);
            ScanRenderer.Render(result, parse.GetValue(def.Format)!, cli.Output, cli.Vendors);
            bool silentIsProblem = !parse.GetValue(def.AllowSilent);
            return result.Conflicts > 0 || (silentIsProblem && result.Silent > 0) ? ExitCodes.Problem : ExitCodes.Healthy;
        }
    }

    /// <summary>A target file is at most this many lines (of at most 1 KiB each): a file is a VIP list, not a stream (@/dev/zero).</summary>
    internal const int MaxTargetFileLines = 1_000_000;

    private static IReadOnlyList<string>? ReadLines(string path, out string error)
    {
        error = "";
        try
        {
            if (Directory.Exists(path))
            {
                error = "is a directory";
                return null;
            }
            // Read by hand with both bounds checked as characters arrive: a file without line breaks (@/dev/zero)
            // must fail at once, not after reading for ever.
            using var stream = new StreamReader(path);
            var lines = new List<string>();
            var line = new System.Text.StringBuilder();
            var buffer = new char[8192];
            int read;
            while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                foreach (var c in buffer.AsSpan(0, read))
                {
                    if (c == '\n')
                    {
                        lines.Add(line.ToString().TrimEnd('\r'));
                        line.Clear();
                        if (lines.Count > MaxTargetFileLines)
                        {
                            error = $"more than {MaxTargetFileLines} lines: not a list of VIPs";
                            return null;
                        }
                    }
                    else if (line.Length == 1024)
                    {
                        error = $"line {lines.Count + 1} is longer than 1024 characters: not a list of VIPs";
                        return null;
                    }
                    else
                    {
                        line.Append(c);
                    }
                }
            }
            if (line.Length > 0) lines.Add(line.ToString().TrimEnd('\r'));
            return lines;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = e is FileNotFoundException or DirectoryNotFoundException ? "no such file" : e.Message;
            return null;
        }
    }
}
