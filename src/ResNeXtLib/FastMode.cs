namespace ResNeXtLib;

/// <summary>
/// The workbook's fast mode, selected by the environment variable <c>RESNEXT_FAST</c>: notebooks use smaller
/// workloads so that every output appears quickly. The tests and <c>NotebookRunner --fast</c> set it.
/// </summary>
public static class FastMode
{
    /// <summary>The environment variable that selects fast mode.</summary>
    public const string Variable = "RESNEXT_FAST";

    /// <summary>Returns true when <c>RESNEXT_FAST</c> is 1 or true, false when it is unset, empty, 0 or false.</summary>
    /// <exception cref="ArgumentException">The variable has any other value.</exception>
    public static bool FromEnvironment()
    {
        string? value = Environment.GetEnvironmentVariable(Variable)?.Trim();
        return value?.ToLowerInvariant() switch
        {
            null or "" or "0" or "false" => false,
            "1" or "true" => true,
            _ => throw new ArgumentException($"The environment variable {Variable} is \"{value}\"; set it to 1 for the fast run, or to 0 or nothing for the full run."),
        };
    }
}
