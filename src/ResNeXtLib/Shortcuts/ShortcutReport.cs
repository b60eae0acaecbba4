namespace ResNeXtLib.Shortcuts;

/// <summary>The result of <see cref="ShortcutCheck.Check"/>: every block's shapes and the blocks whose residual add would fail.</summary>
/// <param name="ModelName">The network's display name.</param>
/// <param name="InputShape">The input shape the check assumed.</param>
/// <param name="Rows">One row per block, in order.</param>
/// <param name="Problems">One entry per block whose branches differ in shape, in order.</param>
public sealed record ShortcutReport(string ModelName, long[] InputShape, IReadOnlyList<ShortcutRow> Rows, IReadOnlyList<ShortcutProblem> Problems)
{
    /// <summary>True when every block's residual add works for <see cref="InputShape"/>.</summary>
    public bool IsValid => Problems.Count == 0;

    /// <summary>Formats one line per block: input, main branch, shortcut branch, the shortcut kind and whether the add works.</summary>
    public string FormatTable() => ShapeText.Table(
        ["block", "input", "main branch", "shortcut", "shortcut kind", "add"],
        Rows.Select(row => (IReadOnlyList<string>)
        [
            row.Name,
            ShapeText.Format(row.InputShape),
            ShapeText.Format(row.MainShape),
            ShapeText.Format(row.ShortcutShape),
            row.ShortcutDescription,
            row.AddsCleanly ? "ok" : "MISMATCH",
        ]));

    /// <summary>Formats a one-line verdict followed by one paragraph per problem.</summary>
    public string FormatProblems()
    {
        string input = ShapeText.Format(InputShape);
        if (IsValid)
        {
            return $"{ModelName}, input {input}: every residual add of the {Rows.Count} blocks works.";
        }

        string verdict = $"{ModelName}, input {input}: {Problems.Count} of {Rows.Count} blocks would fail at the residual add.";
        return string.Join(Environment.NewLine + Environment.NewLine, Problems.Select(problem => problem.Message).Prepend(verdict));
    }
}
