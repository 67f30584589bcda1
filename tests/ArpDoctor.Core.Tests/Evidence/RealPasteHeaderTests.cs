using Xunit;

namespace ArpDoctor.Core.Tests.Evidence;

/// <summary>Each real paste says where it came from, what printed it, what an expert concludes and what analyze must say.</summary>
public sealed class RealPasteHeaderTests
{
    public static TheoryData<string> Files() => [.. RealPasteFiles.Names()];

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_paste_names_its_source_tool_conclusion_and_expectation(string file)
    {
        var header = File.ReadLines(RealPasteFiles.Path(file)).TakeWhile(l => l.StartsWith("# ", StringComparison.Ordinal)).ToList();
        Assert.Matches(@"^# source: https?://\S+", header.ElementAtOrDefault(0) ?? "");
        Assert.StartsWith("# tool: ", header.ElementAtOrDefault(1));
        Assert.StartsWith("# conclusion: ", header.ElementAtOrDefault(2));
        Assert.StartsWith("# expect: ", header.ElementAtOrDefault(3));
        Assert.Contains(RealPasteFiles.Lines(file), l => l.Text.Trim().Length > 0);
    }

    [Fact]
    public void There_are_at_least_fifteen() => Assert.True(RealPasteFiles.Names().Count() >= 15);
}
