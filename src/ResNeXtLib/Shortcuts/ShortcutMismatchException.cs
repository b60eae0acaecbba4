namespace ResNeXtLib.Shortcuts;

/// <summary>
/// A residual add failed because a block's shortcut branch does not have the main branch's shape. The message
/// names the first such block (the one the forward pass stopped at), both shapes and the fix.
/// </summary>
public sealed class ShortcutMismatchException : Exception
{
    /// <summary>Creates the exception from the shortcut check of the failed input and TorchSharp's error.</summary>
    public ShortcutMismatchException(ShortcutReport report, Exception innerException)
        : base(BuildMessage(report), innerException)
    {
        Report = report;
    }

    /// <summary>The shortcut check of the network for the input that failed.</summary>
    public ShortcutReport Report { get; }

    /// <summary>The block the forward pass stopped at.</summary>
    public ShortcutProblem FirstProblem => Report.Problems[0];

    private static string BuildMessage(ShortcutReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.Problems.Count == 0)
        {
            throw new ArgumentException("The report lists no problem, so there is no shortcut mismatch to describe.", nameof(report));
        }

        string message = report.Problems[0].Message;
        var others = report.Problems.Skip(1).Select(problem => problem.Row.Name).ToList();
        if (others.Count > 0)
        {
            message += $" The shortcut check finds the same kind of problem in {string.Join(", ", others)}; ShortcutCheck.Check lists them all.";
        }

        return message;
    }
}
