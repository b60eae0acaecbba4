namespace ResNeXtLib.Shortcuts;

/// <summary>A block whose shortcut branch does not have the main branch's shape, with the diagnosis and the fix.</summary>
/// <param name="Row">The block's shapes.</param>
/// <param name="Diagnosis">Which block, both shapes and the dimensions that differ.</param>
/// <param name="Fix">What to change so that the residual add works.</param>
public sealed record ShortcutProblem(ShortcutRow Row, string Diagnosis, string Fix)
{
    /// <summary>The diagnosis followed by the fix, as one message.</summary>
    public string Message => $"{Diagnosis} Fix: {Fix}";

    /// <inheritdoc/>
    public override string ToString() => Message;
}
