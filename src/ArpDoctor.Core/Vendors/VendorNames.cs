namespace ArpDoctor.Core.Vendors;

/// <summary>
/// The short form of a registry organisation name, for beside a MAC: <c>VMware, Inc.</c> → <c>VMware</c>,
/// <c>HUAWEI TECHNOLOGIES CO.,LTD</c> → <c>HUAWEI TECHNOLOGIES</c>. Two rules, nothing cleverer: keep what comes before the
/// first comma, then drop trailing legal-form words (Inc, Corp, Co, Ltd, GmbH, ...). Case is kept as registered. Pure.
/// </summary>
public static class VendorNames
{
    // Compared without dots and case: "Inc." and "INC" and "L.L.C." all match.
    private static readonly HashSet<string> LegalForms = new(StringComparer.OrdinalIgnoreCase)
    {
        "inc", "incorporated", "corp", "corporation", "corporate", "co", "company", "ltd", "limited", "llc", "plc", "lp", "llp",
        "gmbh", "ag", "kg", "se", "sa", "sas", "sarl", "srl", "spa", "bv", "nv", "ab", "oy", "as", "asa", "aps", "pty", "pvt", "sro",
        "&",
    };

    public static string Short(string organization)
    {
        var name = Clean(organization);
        int comma = name.IndexOf(',');
        var beforeComma = comma > 0 ? DropLegalForms(name[..comma]) : "";
        if (beforeComma.Length > 0) return beforeComma;
        var whole = DropLegalForms(name);
        return whole.Length > 0 ? whole : name;
    }

    /// <summary>One line, single spaces: names are shown in tables, and a name never drives the terminal.</summary>
    private static string Clean(string text)
    {
        var sb = new System.Text.StringBuilder(text.Length);
        foreach (var c in text)
        {
            bool space = char.IsWhiteSpace(c) || char.IsControl(c);
            if (space) { if (sb.Length > 0 && sb[^1] != ' ') sb.Append(' '); }
            else sb.Append(c);
        }
        return sb.ToString().TrimEnd();
    }

    private static string DropLegalForms(string name)
    {
        var words = name.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        while (words.Count > 0 && LegalForms.Contains(words[^1].Replace(".", "", StringComparison.Ordinal).TrimEnd(',')))
            words.RemoveAt(words.Count - 1);
        return string.Join(' ', words).TrimEnd(',', ' ');
    }
}
