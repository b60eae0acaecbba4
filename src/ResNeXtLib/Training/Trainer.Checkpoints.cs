using System.Globalization;
using ResNeXtLib.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ResNeXtLib.Training;

public sealed partial class Trainer
{
    private const int MaxListedNames = 5;

    private int stepsPerEpoch;
    private int trainingImages;

    /// <summary>
    /// Saves the run to <paramref name="path"/>: model parameters and buffers, SGD momentum buffers, the completed
    /// epochs and steps per epoch (the learning-rate schedule position), torch's random generator state, the training
    /// options and the history. The file is written under a temporary name and renamed into place, so a process killed
    /// during the save leaves the previous checkpoint intact.
    /// </summary>
    /// <remarks>
    /// The batch order needs no stored state, because each epoch's order is shuffled with the seed
    /// <c>Seed * 1000 + epoch</c>. A checkpoint saved after a cancellation records the last completed epoch but contains
    /// the weights of the interrupted one, so resuming from it repeats that epoch on those weights.
    /// </remarks>
    public void SaveCheckpoint(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        using var scope = NewDisposeScope();

        var entries = new List<CheckpointTensor>();
        var tensors = new List<Tensor>();
        long offset = 0;
        void Add(string group, string name, Tensor tensor)
        {
            var contiguous = tensor.detach().cpu().contiguous();
            long length = contiguous.NumberOfElements * contiguous.ElementSize;
            entries.Add(new CheckpointTensor(group, name, contiguous.dtype.ToString(), contiguous.shape, offset, length));
            tensors.Add(contiguous);
            offset += length;
        }

        foreach (var (name, tensor) in model.state_dict())
        {
            Add(CheckpointTensor.ModelGroup, name, tensor);
        }

        foreach (var (name, buffer) in MomentumBuffers())
        {
            if (buffer is not null)
            {
                Add(CheckpointTensor.MomentumGroup, name, buffer);
            }
        }

        Add(CheckpointTensor.RandomGroup, RandomGeneratorName, torch.random.get_rng_state());

        var (architecture, classCount) = Describe(model);
        var header = new CheckpointHeader(architecture, classCount, CompletedEpochs, stepsPerEpoch, trainingImages,
            BatchOrderSeed(CompletedEpochs + 1), options, History.Epochs.ToList(), entries);
        Checkpoint.Write(path, header, tensors);
    }

    /// <summary>
    /// Loads a checkpoint written by <see cref="SaveCheckpoint"/> into this trainer and its model, so that the next
    /// <see cref="Fit"/> continues after the checkpoint's completed epochs. Also restores torch's default random generator.
    /// </summary>
    /// <remarks>
    /// Everything is checked before any tensor is copied: file integrity, the architecture name, the class count, every
    /// parameter and buffer name and shape, and the training options that shape the run (all but
    /// <see cref="TrainingOptions.CheckpointPath"/>). A rejected file leaves the model and the trainer unchanged.
    /// </remarks>
    /// <returns>The checkpoint that was loaded.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidCheckpointException">The file is truncated, corrupt, of another format version, or does not match the model or the options.</exception>
    public Checkpoint LoadCheckpoint(string path)
    {
        var checkpoint = Checkpoint.Read(path);
        RequireMatchingModel(checkpoint);
        RequireMatchingOptions(checkpoint);

        var stateDict = model.state_dict();
        var parameters = model.named_parameters().ToDictionary(p => p.name, p => (Tensor)p.parameter);
        var momentumStates = MomentumStates();
        RequireMatchingExtras(checkpoint, parameters);

        using (no_grad())
        {
            foreach (var entry in checkpoint.Tensors)
            {
                switch (entry.Group)
                {
                    case CheckpointTensor.ModelGroup:
                        using (var source = ToTensor(checkpoint, entry))
                        {
                            stateDict[entry.Name].copy_(source);
                        }

                        break;
                    case CheckpointTensor.MomentumGroup:
                        var state = momentumStates[entry.Name];
                        state.momentum_buffer?.Dispose();
                        var buffer = ToTensor(checkpoint, entry);
                        var moved = buffer.to(parameters[entry.Name].device).DetachFromDisposeScope();
                        if (!ReferenceEquals(moved, buffer))
                        {
                            buffer.Dispose();
                        }

                        state.momentum_buffer = moved;
                        break;
                    case CheckpointTensor.RandomGroup:
                        using (var generatorState = ToTensor(checkpoint, entry))
                        {
                            torch.random.set_rng_state(generatorState);
                        }

                        break;
                }
            }
        }

        CompletedEpochs = checkpoint.CompletedEpochs;
        stepsPerEpoch = checkpoint.StepsPerEpoch;
        trainingImages = checkpoint.TrainingImages;
        History = checkpoint.History;
        return checkpoint;
    }

    private const string RandomGeneratorName = "torch.default_generator";

    private int BatchOrderSeed(int epoch) => options.Seed * 1000 + epoch;

    private void RequireSameStepsPerEpoch(int images, int batches)
    {
        // The image count is compared too: a different subset can give the same number of batches.
        bool differentSet = (trainingImages > 0 && trainingImages != images) || (stepsPerEpoch > 0 && stepsPerEpoch != batches);
        if (CompletedEpochs > 0 && differentSet)
        {
            throw new InvalidOperationException(
                $"The run being continued had {trainingImages} training images in {stepsPerEpoch} batches per epoch, but this training set has {images} images in {batches} batches of {options.BatchSize}. " +
                "Pass the same training set (the same subset and validation split) to continue the run, or create a new Trainer to start a new one.");
        }
    }

    private static (string Architecture, int? ClassCount) Describe(nn.Module<Tensor, Tensor> module) =>
        module is ResNeXt resNeXt ? (resNeXt.Config.Name, resNeXt.Config.NumClasses) : (module.GetName(), null);

    private IEnumerable<(string Name, Tensor? Buffer)> MomentumBuffers() =>
        MomentumStates().Select(pair => (pair.Key, (Tensor?)pair.Value.momentum_buffer));

    /// <summary>Returns the optimizer's per-parameter state by parameter name. The optimizer stores the states in parameter order.</summary>
    private Dictionary<string, SGD.State> MomentumStates()
    {
        var names = model.named_parameters().Select(p => p.name).ToList();
        var states = optimizer.state_dict().State;
        var result = new Dictionary<string, SGD.State>();
        for (int i = 0; i < names.Count; i++)
        {
            result[names[i]] = (SGD.State)states[i];
        }

        return result;
    }

    private void RequireMatchingModel(Checkpoint checkpoint)
    {
        var (architecture, classCount) = Describe(model);
        if (checkpoint.Architecture != architecture)
        {
            throw new InvalidCheckpointException(checkpoint.Path,
                $"it was saved from the architecture \"{checkpoint.Architecture}\", but the model is \"{architecture}\". Build the model with the configuration the checkpoint was trained with.");
        }

        if (checkpoint.ClassCount != classCount)
        {
            throw new InvalidCheckpointException(checkpoint.Path,
                $"it was saved from a model with {checkpoint.ClassCount?.ToString(CultureInfo.InvariantCulture) ?? "an unknown number of"} classes, but the model has {classCount?.ToString(CultureInfo.InvariantCulture) ?? "an unknown number of"}. " +
                "Build the model with the class count the checkpoint was trained with.");
        }

        var expected = model.state_dict().ToDictionary(pair => pair.Key, pair => (Shape: pair.Value.shape, DType: pair.Value.dtype.ToString()));
        var stored = checkpoint.Tensors.Where(t => t.Group == CheckpointTensor.ModelGroup).ToDictionary(t => t.Name);
        var missing = expected.Keys.Where(name => !stored.ContainsKey(name)).ToList();
        var unexpected = stored.Keys.Where(name => !expected.ContainsKey(name)).ToList();
        var different = expected
            .Where(pair => stored.TryGetValue(pair.Key, out var entry) && (!entry.Shape.SequenceEqual(pair.Value.Shape) || entry.DType != pair.Value.DType))
            .Select(pair => $"{pair.Key} is {stored[pair.Key].DType} {stored[pair.Key].ShapeText} in the file but {pair.Value.DType} [{string.Join(", ", pair.Value.Shape)}] in the model")
            .ToList();
        if (missing.Count > 0 || unexpected.Count > 0 || different.Count > 0)
        {
            var problems = new List<string>();
            if (missing.Count > 0)
            {
                problems.Add($"{missing.Count} model tensor(s) missing from the file ({ListNames(missing)})");
            }

            if (unexpected.Count > 0)
            {
                problems.Add($"{unexpected.Count} tensor(s) in the file that the model lacks ({ListNames(unexpected)})");
            }

            if (different.Count > 0)
            {
                problems.Add($"{different.Count} tensor(s) with another shape or type: {ListNames(different)}");
            }

            throw new InvalidCheckpointException(checkpoint.Path,
                $"its tensors do not match the model: {string.Join("; ", problems)}. Build the model with the configuration the checkpoint was trained with.");
        }
    }

    private void RequireMatchingOptions(Checkpoint checkpoint)
    {
        var saved = checkpoint.Options with { CheckpointPath = null };
        var current = options with { CheckpointPath = null };
        if (saved != current)
        {
            throw new InvalidCheckpointException(checkpoint.Path,
                $"it was saved with the training options {Format(saved)}, but this trainer has {Format(current)}. " +
                "Create the Trainer with the checkpoint's options (Checkpoint.Read(path).Options) to continue that run.");
        }

        static string Format(TrainingOptions o) => string.Create(CultureInfo.InvariantCulture,
            $"Epochs = {o.Epochs}, BatchSize = {o.BatchSize}, LearningRate = {o.LearningRate}, Momentum = {o.Momentum}, WeightDecay = {o.WeightDecay}, ValidationFraction = {o.ValidationFraction}, Seed = {o.Seed}");
    }

    private static void RequireMatchingExtras(Checkpoint checkpoint, Dictionary<string, Tensor> parameters)
    {
        foreach (var entry in checkpoint.Tensors)
        {
            bool valid = entry.Group switch
            {
                CheckpointTensor.ModelGroup => true,
                CheckpointTensor.MomentumGroup => parameters.TryGetValue(entry.Name, out var parameter)
                    && parameter.shape.SequenceEqual(entry.Shape) && parameter.dtype.ToString() == entry.DType,
                CheckpointTensor.RandomGroup => entry.Name == RandomGeneratorName && entry.DType == nameof(ScalarType.Byte),
                _ => false,
            };
            if (!valid)
            {
                throw new InvalidCheckpointException(checkpoint.Path,
                    $"its {entry.Group} tensor {entry.Name} ({entry.DType} {entry.ShapeText}) matches no parameter or state of this trainer.");
            }
        }
    }

    private static Tensor ToTensor(Checkpoint checkpoint, CheckpointTensor entry)
    {
        var tensor = empty(entry.Shape, Enum.Parse<ScalarType>(entry.DType)).DetachFromDisposeScope();
        tensor.bytes = checkpoint.GetBytes(entry);
        return tensor;
    }

    private static string ListNames(List<string> names) =>
        string.Join(", ", names.Take(MaxListedNames)) + (names.Count > MaxListedNames ? $" and {names.Count - MaxListedNames} more" : string.Empty);
}
