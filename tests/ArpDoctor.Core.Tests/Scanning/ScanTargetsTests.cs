using ArpDoctor.Core.Packets;
using ArpDoctor.Core.Scanning;
using Xunit;

namespace ArpDoctor.Core.Tests.Scanning;

public class ScanTargetsTests
{
    private static IReadOnlyList<string>? NoFiles(string path, out string error)
    {
        error = "No such file or directory";
        return null;
    }

    private static IReadOnlyList<Ipv4Address> Expand(params string[] args)
    {
        Assert.True(ScanTargets.TryExpand(args, NoFiles, out var targets, out var error), error);
        return targets;
    }

    [Theory]
    [InlineData("203.0.113.10", "203.0.113.10", 1)]
    [InlineData("203.0.113.10-203.0.113.12", "203.0.113.10", 3)]
    [InlineData("203.0.113.254-203.0.114.1", "203.0.113.254", 4)]
    [InlineData("198.51.100.0/24", "198.51.100.1", 254)]      // network and broadcast left out
    [InlineData("198.51.100.77/24", "198.51.100.1", 254)]     // host bits ignored
    [InlineData("198.51.100.8/30", "198.51.100.9", 2)]
    [InlineData("198.51.100.8/31", "198.51.100.8", 2)]        // RFC 3021: both usable
    [InlineData("198.51.100.8/32", "198.51.100.8", 1)]
    public void Expands_one_target(string text, string first, int count)
    {
        var targets = Expand(text);
        Assert.Equal(count, targets.Count);
        Assert.Equal(Ipv4Address.Parse(first), targets[0]);
        Assert.Equal(targets.Order(), targets);
    }

    [Theory]
    [InlineData("203.0.113", "not an IPv4 address")]
    [InlineData("203.0.113.40-203.0.113.10", "ends before it starts")]
    [InlineData("203.0.113.1-x", "not a range")]
    [InlineData("198.51.100.0/33", "not a CIDR")]
    [InlineData("10.0.0.0/8", "more than 65536")]
    [InlineData("@missing.txt", "@missing.txt: No such file")]
    public void Rejects_bad_targets_naming_them(string text, string expected)
    {
        Assert.False(ScanTargets.TryExpand([text], NoFiles, out _, out var error));
        Assert.Contains(expected, error);
    }

    [Fact]
    public void Drops_duplicates_keeping_first_order()
    {
        var targets = Expand("203.0.113.12", "203.0.113.10-203.0.113.13", "203.0.113.12/32");
        Assert.Equal(["203.0.113.12", "203.0.113.10", "203.0.113.11", "203.0.113.13"], targets.Select(t => t.ToString()));
    }

    [Fact]
    public void Reads_file_lines_with_comments_and_blanks()
    {
        string[] file = ["# VIPs of cluster a", "", "203.0.113.10  # ingress", "198.51.100.4-198.51.100.5"];
        IReadOnlyList<string>? Read(string path, out string error)
        {
            error = "";
            return path == "vips.txt" ? file : null;
        }
        Assert.True(ScanTargets.TryExpand(["@vips.txt", "203.0.113.99"], Read, out var targets, out var e), e);
        Assert.Equal(["203.0.113.10", "198.51.100.4", "198.51.100.5", "203.0.113.99"], targets.Select(t => t.ToString()));
    }

    [Fact]
    public void File_errors_carry_line_number_and_text()
    {
        string[] file = ["203.0.113.10", "203.0.113.300"];
        IReadOnlyList<string>? Read(string path, out string error)
        {
            error = "";
            return file;
        }
        Assert.False(ScanTargets.TryExpand(["@vips.txt"], Read, out _, out var message));
        Assert.StartsWith("vips.txt:2: '203.0.113.300'", message);
    }

    [Fact]
    public void No_targets_is_an_error() =>
        Assert.False(ScanTargets.TryExpand([], NoFiles, out _, out _));
}
