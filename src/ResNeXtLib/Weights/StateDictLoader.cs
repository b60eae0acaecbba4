using static TorchSharp.torch;

namespace ResNeXtLib.Weights;

/// <summary>
/// Copies a state dict (parameter and buffer tensors by name, for example read from a file that PyTorch wrote) into a
/// module after checking that every key is present with the same shape.
/// </summary>
public static class StateDictLoader
{
    /// <summary>The number of problems listed in full in an error message; the rest are counted.</summary>
    public const int MaxListedProblems = 10;

    /// <summary>
    /// Copies every tensor of <paramref name="stateDict"/> into the parameter or buffer of <paramref name="module"/>
    /// with the same key, converting the dtype where needed. Nothing is copied when any check fails.
    /// </summary>
    /// <exception cref="StateDictMismatchException">
    /// A key of the module is missing from the state dict, a key of the state dict has no counterpart in the module,
    /// or a shape differs. The message names each key with both shapes.
    /// </exception>
    public static void Load(nn.Module module, IReadOnlyDictionary<string, Tensor> stateDict)
    {
        var target = module.state_dict();
        var problems = new List<string>();

        foreach (var (key, tensor) in target)
        {
            if (!stateDict.TryGetValue(key, out var source))
            {
                problems.Add($"key '{key}' is missing from the state dict; the model expects shape {FormatShape(tensor.shape)}");
            }
            else if (!source.shape.SequenceEqual(tensor.shape))
            {
                problems.Add($"key '{key}' has shape {FormatShape(source.shape)} in the state dict but {FormatShape(tensor.shape)} in the model");
            }
        }

        foreach (var key in stateDict.Keys.Where(key => !target.ContainsKey(key)))
        {
            problems.Add($"key '{key}' (shape {FormatShape(stateDict[key].shape)}) in the state dict has no counterpart in the model");
        }

        if (problems.Count > 0)
        {
            // PyTorch's DataParallel saves every key as "module.<key>". One problem naming the prefix is clearer than a missing-key line per tensor.
            if (stateDict.Count > 0 && stateDict.Keys.All(key => key.StartsWith("module.", StringComparison.Ordinal))
                && target.Keys.Any(key => stateDict.ContainsKey("module." + key)))
            {
                problems.Insert(0, "every key of the state dict starts with 'module.', as PyTorch's DataParallel saves them; " +
                    "remove that prefix from the keys (in Python: {k.removeprefix('module.'): v for k, v in state_dict.items()}) and load again");
            }

            throw new StateDictMismatchException(module.GetName(), problems);
        }

        using var noGrad = no_grad();
        foreach (var (key, tensor) in target)
        {
            tensor.copy_(stateDict[key]);
        }
    }

    internal static string FormatShape(long[] shape) => "[" + string.Join(", ", shape) + "]";
}

/// <summary>A state dict that does not fit a model: missing or unexpected keys, or different shapes.</summary>
public sealed class StateDictMismatchException : Exception
{
    /// <summary>Creates the exception with one line per problem.</summary>
    public StateDictMismatchException(string model, IReadOnlyList<string> problems)
        : base(FormatMessage(model, problems))
    {
        Problems = problems;
    }

    /// <summary>Every problem found, one sentence each, naming the key and the shapes.</summary>
    public IReadOnlyList<string> Problems { get; }

    private static string FormatMessage(string model, IReadOnlyList<string> problems)
    {
        var lines = problems.Take(StateDictLoader.MaxListedProblems).Select(problem => "  - " + problem).ToList();
        if (problems.Count > StateDictLoader.MaxListedProblems)
        {
            lines.Add($"  - and {problems.Count - StateDictLoader.MaxListedProblems} more");
        }

        return $"The state dict does not fit {model} ({problems.Count} problem(s)); nothing was loaded:{Environment.NewLine}" +
            string.Join(Environment.NewLine, lines) + Environment.NewLine +
            "Build the model with the configuration the weights were saved from (cardinality, widths, blocks per stage, number of classes).";
    }
}
