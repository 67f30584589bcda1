using System.Text;
using System.Text.Json;
using Xunit;
using static ArpDoctor.Cli.Tests.Analyze.AnalyzeRun;

namespace ArpDoctor.Cli.Tests.Analyze;

/// <summary>
/// A paste of several kinds of text is read in blocks, each named in text, JSON and HTML; damaged evidence lines are an
/// error naming file and line, or, in a long input, counted and the verdict incomplete. Address plan: client 203.0.113.1,
/// VIP 203.0.113.10 answered by nodes 02:00:00:00:01:0N.
/// </summary>
public sealed class AnalyzeBlocksTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("arpdoctor-blocks-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private const string Paste = """
        $ arp -an
        ? (203.0.113.10) at 02:00:00:00:01:01 [ether] PERM on eth0
        ? (203.0.113.1) at 02:00:00:00:00:01 [ether] on eth0

        But arping from the same client shows:
        ```
        $ sudo arping -c 3 -I eth0 203.0.113.10
        ARPING 203.0.113.10 from 203.0.113.1 eth0
        Unicast reply from 203.0.113.10 [02:00:00:00:01:02]  0.612ms
        Unicast reply from 203.0.113.10 [02:00:00:00:01:02]  0.598ms
        Unicast reply from 203.0.113.10 [02:00:00:00:01:02]  0.601ms
        Sent 3 probes (1 broadcast(s))
        Received 3 response(s)
        ```

        """;

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task A_paste_of_a_cache_and_an_arping_run_names_both_blocks_and_is_not_healthy()
    {
        var path = Write("ticket.txt", Paste);
        var (exit, text, error) = await Run("analyze", path);
        Assert.Equal("", error);
        Assert.Equal(1, exit);
        Assert.Contains($"{path}: read: lines 2–3 neighbour-cache, lines 8–13 iputils-arping\n", text);
        Assert.Contains("02:00:00:00:01:02", text);

        var (_, json, _) = await Run("analyze", "-o", "json", path);
        var blocks = JsonDocument.Parse(json).RootElement.GetProperty("inputs")[0].GetProperty("blocks");
        Assert.Equal(
            [("neighbour-cache", 2L, 3L), ("iputils-arping", 8L, 13L)],
            blocks.EnumerateArray().Select(b => (b.GetProperty("kind").GetString(), b.GetProperty("firstLine").GetInt64(), b.GetProperty("lastLine").GetInt64())));

        var (_, html, _) = await Run("analyze", "-o", "html", path);
        Assert.Contains("read: lines 2–3 neighbour-cache, lines 8–13 iputils-arping", html);
    }

    [Fact]
    public async Task A_text_of_one_kind_lists_one_block_in_json_and_no_read_line()
    {
        var (_, text, _) = await Run("analyze", Golden("iputils-double.txt"));
        Assert.DoesNotContain(": read:", text);
        var (_, json, _) = await Run("analyze", "-o", "json", Golden("iputils-double.txt"));
        var root = JsonDocument.Parse(json).RootElement;
        var block = Assert.Single(root.GetProperty("inputs")[0].GetProperty("blocks").EnumerateArray());
        Assert.Equal("iputils-arping", block.GetProperty("kind").GetString());
        Assert.False(root.GetProperty("incomplete").GetBoolean());
    }

    [Fact]
    public async Task A_reply_with_a_mistyped_MAC_is_exit_2_naming_file_and_line()
    {
        var path = Write("two.txt", "ARPING 203.0.113.10 from 203.0.113.1 eth0\nUnicast reply from 203.0.113.10 [02:00:00:00:01:01]  0.5ms\n" +
                                    "Unicast reply from 203.0.113.10 [42:92:ad:23:12:3z]  0.7ms\nSent 1 probes (1 broadcast(s))\nReceived 2 response(s)\n");
        var (exit, output, error) = await Run("analyze", path);
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.StartsWith($"arpdoctor: analyze: {path}: line 3: 'Unicast reply from 203.0.113.10 [42:92:ad:23:12:3z]  0.7ms': '42:92:ad:23:12:3z' is not a MAC address", error);
    }

    [Fact]
    public async Task A_long_log_with_damaged_lines_is_incomplete_with_their_count()
    {
        var log = new StringBuilder();
        for (int run = 0; run < 400; run++)
        {
            log.Append("ARPING 203.0.113.10 from 203.0.113.1 eth0\n");
            log.Append(run is 300 or 350 ? "Unicast reply from 203.0.113.10 [02:00:00:00:01:0g]  0.6ms\n" : "Unicast reply from 203.0.113.10 [02:00:00:00:01:01]  0.5ms\n");
            log.Append("Sent 1 probes (1 broadcast(s))\nReceived 1 response(s)\n");
        }
        var path = Write("loop.log", log.ToString());
        var (exit, text, error) = await Run("analyze", path);
        Assert.Equal("", error);
        Assert.Equal(5, exit);   // incomplete: healthy where read, but not all was read, so cannot tell
        Assert.Contains($"warning: {path}: 2 damaged lines left out", text);
        Assert.Contains("the verdict is incomplete", text);
        Assert.Contains("line 1202: 'Unicast reply from 203.0.113.10 [02:00:00:00:01:0g]  0.6ms': '02:00:00:00:01:0g' is not a MAC address", text);

        var (_, json, _) = await Run("analyze", "-o", "json", path);
        var root = JsonDocument.Parse(json).RootElement;
        Assert.Equal("incomplete", root.GetProperty("verdict").GetString());
        Assert.True(root.GetProperty("incomplete").GetBoolean());
        Assert.Equal(2, root.GetProperty("skippedLines").GetInt64());
        Assert.Equal(2, root.GetProperty("inputs")[0].GetProperty("skippedLines").GetInt64());
    }
}
