using System.Diagnostics;
using System.Globalization;
using ResNeXtLib.Data;
using ResNeXtLib.Models;
using ResNeXtLib.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace ResNeXtLib.Benchmarks;

/// <summary>
/// Measures resident memory while <see cref="Trainer"/> trains <see cref="ResNeXtConfig.FashionMnistSmall"/> on a
/// Fashion-MNIST subset, and contrasts it with a few steps that skip the per-step dispose scope.
/// </summary>
public static class MemoryUse
{
    private const double AllowedGrowth = 0.05;
    private const int Epochs = 8;
    private const int TrainingImages = 6000;
    private const int UnscopedSteps = 5;

    /// <summary>
    /// Prints the working set after each epoch, raw and after a full garbage collection, then PASS or FAIL for
    /// "every later epoch within 5% of the first" on the collected value.
    /// </summary>
    /// <remarks>
    /// The raw working set also counts garbage that the .NET collector has not reclaimed yet, which swings by tens of
    /// MiB from epoch to epoch with no trend. Collecting first measures what the process retains, which is what
    /// grows when tensors leak: their native memory is freed only when a tensor is disposed or finalized.
    /// </remarks>
    public static void Run(string[] args)
    {
        using var process = Process.GetCurrentProcess();
        var data = FashionMnist.Load();
        var options = new TrainingOptions { Epochs = Epochs, BatchSize = 128 };
        var (train, validation) = data.Train.Subset(TrainingImages, options.Seed).SplitValidation(options.ValidationFraction, options.Seed);
        Console.WriteLine($"Training {ResNeXtConfig.FashionMnistSmall().Name} on {train} ({validation} held out), {Epochs} epochs, batch {options.BatchSize}.");
        Console.WriteLine($"Working set before training: {MiB(WorkingSet(process))}");

        torch.manual_seed(options.Seed);
        using var model = new ResNeXt(ResNeXtConfig.FashionMnistSmall());
        using var trainer = new Trainer(model, options);
        var perEpoch = new List<long>();
        trainer.EpochCompleted += (metrics, _) =>
        {
            long raw = WorkingSet(process);
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            long collected = WorkingSet(process);
            perEpoch.Add(collected);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"epoch {metrics.Epoch}: working set {MiB(raw)}, after a full collection {MiB(collected)} (managed heap {MiB(GC.GetTotalMemory(false))}), peak so far {MiB(process.PeakWorkingSet64)}, {metrics.Seconds:F1} s, validation accuracy {metrics.ValidationAccuracy:P1}"));
        };
        trainer.Fit(train, validation);

        long first = perEpoch[0];
        double maxGrowth = perEpoch.Skip(1).Max(value => (double)(value - first) / first);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{(maxGrowth <= AllowedGrowth ? "PASS" : "FAIL")}: after epoch 1 the collected working set stayed within {maxGrowth:+0.0%;-0.0%} of {MiB(first)} (limit {AllowedGrowth:P0}); peak {MiB(process.PeakWorkingSet64)}"));

        Console.WriteLine();
        Console.WriteLine($"Contrast: {UnscopedSteps} training steps without a dispose scope (tensors wait for the .NET garbage collector):");
        RunUnscopedSteps(model, train, options.BatchSize, process);
    }

    private static void RunUnscopedSteps(ResNeXt model, ImageSet train, int batchSize, Process process)
    {
        using var optimizer = optim.SGD(model.parameters(), 0.01, momentum: 0.9);
        model.train();
        long start = WorkingSet(process);
        int step = 0;
        foreach (var (images, labels) in train.TrainingBatches(batchSize, seed: 1).Take(UnscopedSteps))
        {
            // Deliberately no NewDisposeScope(): every intermediate tensor of forward and backward stays alive.
            optimizer.zero_grad();
            var loss = nn.functional.cross_entropy(model.forward(images), labels);
            loss.backward();
            optimizer.step();
            step++;
            long workingSet = WorkingSet(process);
            Console.WriteLine($"unscoped step {step}: working set {MiB(workingSet)} ({MiB(workingSet - start)} more than before the first step)");
        }
    }

    private static long WorkingSet(Process process)
    {
        process.Refresh();
        return process.WorkingSet64;
    }

    private static string MiB(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024.0):F0} MiB");
}
