using System.Diagnostics;
using ResNeXtLib.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace ResNeXtLib.Benchmarks;

/// <summary>
/// Measures training steps per second of candidate small ResNeXts on random 1x28x28 batches, the numbers behind
/// the choice of <see cref="ResNeXtConfig.FashionMnistSmall"/>.
/// </summary>
public static class ModelSpeed
{
    private const int BatchSize = 128;

    /// <summary>Runs every candidate: 3 warm-up steps, then the median of 5 rounds of 5 timed steps.</summary>
    public static void Run(string[] args)
    {
        var candidates = new (string Name, ResNeXtConfig Config)[]
        {
            ("stem s1 32ch; stages 64 s1, 128 s2, 256 s2 (full resolution)", Small(stem: 32, stemStride: 1, [new(1, 4, 64, 1), new(1, 8, 128, 2), new(1, 16, 256, 2)])),
            ("stem s1 16ch; stages 64 s2, 128 s2, 256 s1", Small(stem: 16, stemStride: 1, [new(1, 4, 64, 2), new(1, 8, 128, 2), new(1, 16, 256, 1)])),
            ("stem s1 24ch; stages 64 s2, 128 s2, 256 s2", Small(stem: 24, stemStride: 1, [new(1, 4, 64, 2), new(1, 8, 128, 2), new(1, 16, 256, 2)])),
            ("stem s2 32ch; stages 128 s1, 256 s2", Small(stem: 32, stemStride: 2, [new(1, 8, 128, 1), new(1, 16, 256, 2)])),
            ("FashionMnistSmall: stem s2 32ch; stages 64 s1, 128 s2, 256 s1", ResNeXtConfig.FashionMnistSmall()),
        };

        var results = new List<(string Name, long Parameters, double ImagesPerSecond)>();
        foreach (var (name, config) in candidates)
        {
            torch.manual_seed(1);
            using var model = new ResNeXt(config);
            long parameters = model.parameters().Sum(p => p.numel());
            double imagesPerSecond = MeasureTraining(model);
            results.Add((name, parameters, imagesPerSecond));
            Console.WriteLine($"{name,-62} {parameters,9:N0} parameters  {imagesPerSecond,6:F0} images/s");
        }

        double baseline = results[0].ImagesPerSecond;
        Console.WriteLine();
        Console.WriteLine("| candidate | parameters | training images/s | ratio to full resolution | one epoch of 54,000 images |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: |");
        foreach (var (name, parameters, imagesPerSecond) in results)
        {
            Console.WriteLine($"| {name} | {parameters:N0} | {imagesPerSecond:F0} | {imagesPerSecond / baseline:F1}x | {54_000 / imagesPerSecond:F0} s |");
        }
    }

    private static double MeasureTraining(ResNeXt model)
    {
        using var optimizer = optim.SGD(model.parameters(), 0.05, momentum: 0.9);
        using var images = randn(BatchSize, 1, 28, 28);
        using var labels = randint(0, 10, [BatchSize]);
        model.train();

        void Step()
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            nn.functional.cross_entropy(model.forward(images), labels).backward();
            optimizer.step();
        }

        for (int i = 0; i < 3; i++)
        {
            Step();
        }

        var rounds = new List<double>();
        for (int round = 0; round < 5; round++)
        {
            var watch = Stopwatch.StartNew();
            for (int i = 0; i < 5; i++)
            {
                Step();
            }

            rounds.Add(5 * BatchSize / watch.Elapsed.TotalSeconds);
        }

        rounds.Sort();
        return rounds[rounds.Count / 2];
    }

    private static ResNeXtConfig Small(int stem, int stemStride, StageSpec[] stages) =>
        new("candidate", 1, 28, stem, 3, stemStride, false, 8, stages, 10, ZeroInitLastBatchNorm: true);
}
