namespace ResNeXtLib.Training;

/// <summary>
/// Raised when a checkpoint file cannot be loaded: it is truncated, corrupt, of another format version, or saved
/// from another model or with other training options. The model and trainer are left unchanged.
/// </summary>
public sealed class InvalidCheckpointException : Exception
{
    /// <summary>Creates the exception for <paramref name="path"/>; the message starts with the path and ends with what to do.</summary>
    public InvalidCheckpointException(string path, string problem)
        : base($"Cannot load checkpoint {path}: {problem} Nothing was loaded, so the model and the trainer are unchanged.")
    {
        Path = path;
        Problem = problem;
    }

    /// <summary>The full path of the rejected file.</summary>
    public string Path { get; }

    /// <summary>What is wrong with the file, without the path.</summary>
    public string Problem { get; }
}
