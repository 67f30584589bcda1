namespace ArpDoctor.Cli.Hosting;

/// <summary>The look every HTML report shares (analyze's, doctor's): one stylesheet, inline, no external assets.</summary>
public static class HtmlPage
{
    public const string Styles =
        "body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}" +
        "td,th{border:1px solid #ccc;padding:.3em .7em;text-align:right}td:first-child,th:first-child{text-align:left;font-family:monospace}" +
        ".verdict{font-weight:bold;padding:.1em .5em;border-radius:.3em;color:#fff}.healthy{background:#2a7d2a}.conflict,.unstable,.no-answer{background:#b52a2a}" +
        ".inconclusive,.no-evidence,.incomplete{background:#8a5a00}" +
        ".warning{color:#8a5a00}.plot svg{max-width:100%;height:auto}.phases .change{list-style:none;font-style:italic}";
}
