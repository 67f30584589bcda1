namespace ArpDoctor.Cli.Completion;

/// <summary>
/// One script per shell, each self-contained: at every TAB it runs the program being completed with System.CommandLine's
/// suggest directive, <c>arpdoctor "[suggest:N]" "LINE"</c> (LINE the words after the program up to the cursor, N its
/// length), which prints one candidate a line from the command tree: verbs, options, and the values an option or
/// argument accepts. The same shape as kubectl's and helm's scripts (cobra's <c>__complete</c>), without dotnet-suggest.
/// </summary>
public static class CompletionScripts
{
    public static readonly string[] Shells = ["bash", "zsh", "fish"];

    public static string For(string shell) => shell switch
    {
        "bash" => Bash,
        "zsh" => Zsh,
        "fish" => Fish,
        _ => throw new ArgumentOutOfRangeException(nameof(shell), shell, "bash, zsh or fish"),
    };

    private const string Bash = """
        # bash completion for arpdoctor: source <(arpdoctor completion bash)
        _arpdoctor() {
            local cur="${COMP_WORDS[COMP_CWORD]}" line candidate IFS=' '
            line="${COMP_WORDS[*]:1:COMP_CWORD}"
            local IFS=$'\n'
            COMPREPLY=()
            for candidate in $("${COMP_WORDS[0]}" "[suggest:${#line}]" "$line" 2>/dev/null); do
                # Options only once a dash is typed, as kubectl and helm do.
                [[ $candidate == [-/]* && $cur != [-/]* ]] && continue
                [[ $candidate == "$cur"* ]] && COMPREPLY+=("$candidate")
            done
        }
        complete -o default -F _arpdoctor arpdoctor

        """;

    private const string Zsh = """
        #compdef arpdoctor
        # zsh completion for arpdoctor: source <(arpdoctor completion zsh), after compinit
        _arpdoctor() {
            local line="${words[2,CURRENT]}" cur="${words[CURRENT]}"
            local -a candidates
            candidates=("${(@f)$(${words[1]} "[suggest:${#line}]" "$line" 2>/dev/null)}")
            candidates=(${candidates:#})
            # Options only once a dash is typed, as kubectl and helm do.
            [[ $cur == [-/]* ]] || candidates=(${candidates:#[-/]*})
            compadd -- $candidates
        }
        compdef _arpdoctor arpdoctor

        """;

    private const string Fish = """
        # fish completion for arpdoctor: arpdoctor completion fish > ~/.config/fish/completions/arpdoctor.fish
        function __arpdoctor_complete
            set -l tokens (commandline -opc)
            set -l cur (commandline -ct)
            set -l line (string join ' ' $tokens[2..-1] "$cur")
            set -l candidates ($tokens[1] "[suggest:"(string length -- "$line")"]" "$line" 2>/dev/null)
            # Options only once a dash is typed, as kubectl and helm do.
            if string match -q -r -- '^[-/]' "$cur"
                printf '%s\n' $candidates
            else
                string match -v -r -- '^[-/]' $candidates
            end
        end
        complete -c arpdoctor -f -a '(__arpdoctor_complete)'

        """;
}
