using Xunit;

namespace ArpDoctor.Kubernetes.Tests.Doctor;

/// <summary>
/// The browser that looks at doctor's pages reports what a broken page does: a script error, a console error, a
/// request to the network, a hidden element, a page wider than the window, the verdict's colour. Without this its
/// empty lists would prove nothing.
/// </summary>
public sealed class HeadlessChromiumTests(HeadlessChromium browser) : IClassFixture<HeadlessChromium>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("arpdoctor-chromium-page-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [SkippableFact]
    public async Task A_broken_page_is_reported_as_broken()
    {
        var file = Path.Combine(_dir, "broken.html");
        await File.WriteAllTextAsync(file, """
            <!DOCTYPE html><html><head><meta charset="utf-8"></head><body>
            <p>shown <span id="verdict" style="background:#b52a2a">cause-found</span></p>
            <p style="display:none">hidden words</p>
            <div style="width:2000px">wide</div>
            <img src="http://assets.example.com/logo.png" alt="">
            <script>console.error("a console error"); notDefinedAnywhere();</script>
            </body></html>
            """);
        var page = await browser.LoadAsync(file);
        Assert.Contains("shown cause-found", page.Text);
        Assert.DoesNotContain("hidden words", page.Text);
        Assert.Contains("hidden words", page.Html);
        Assert.Equal("rgb(181, 42, 42)", page.VerdictColour);
        Assert.True(page.ContentWidth > HeadlessChromium.Width, $"content width {page.ContentWidth}");
        Assert.Equal(["http://assets.example.com/logo.png"], page.Requests);
        Assert.Contains(page.Errors, e => e.StartsWith("exception: ", StringComparison.Ordinal) && e.Contains("notDefinedAnywhere", StringComparison.Ordinal));
        Assert.Contains(page.Errors, e => e.StartsWith("console: ", StringComparison.Ordinal) && e.Contains("a console error", StringComparison.Ordinal));
    }
}
