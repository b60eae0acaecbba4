using ResNeXtLib.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace ResNeXtLib.Training;

/// <summary>The result of running a model over a labelled set in evaluation mode.</summary>
/// <param name="Loss">Mean cross-entropy.</param>
/// <param name="Accuracy">Share of images classified correctly, 0 to 1.</param>
/// <param name="Predictions">The predicted class of each image, in the set's order.</param>
/// <param name="ConfusionMatrix">Counts indexed [true class, predicted class].</param>
public sealed record EvaluationResult(double Loss, double Accuracy, int[] Predictions, int[,] ConfusionMatrix)
{
    /// <summary>Indices of the images whose prediction differs from the label, in the set's order.</summary>
    public IEnumerable<int> Misclassified(ImageSet set) =>
        Enumerable.Range(0, Predictions.Length).Where(i => Predictions[i] != set.GetLabel(i));
}

/// <summary>Runs a classifier over a labelled image set without changing it.</summary>
public static class Evaluation
{
    /// <summary>Computes loss, accuracy, predictions and the confusion matrix of <paramref name="model"/> on <paramref name="set"/>.</summary>
    /// <remarks>The model is put in evaluation mode (batch normalization uses its running statistics) and restored to its previous mode afterwards.</remarks>
    public static EvaluationResult Evaluate(nn.Module<Tensor, Tensor> model, ImageSet set, int batchSize = 500, int classCount = FashionMnist.ClassCount)
    {
        if (set.Count == 0)
        {
            throw new ArgumentException("The evaluation set is empty; pass a set with at least one image.", nameof(set));
        }

        bool wasTraining = model.training;
        model.eval();
        try
        {
            using var noGrad = no_grad();
            var predictions = new int[set.Count];
            var confusion = new int[classCount, classCount];
            double lossSum = 0;
            int offset = 0;

            using var batches = set.EvaluationBatches(batchSize).GetEnumerator();
            while (true)
            {
                using var scope = NewDisposeScope();
                if (!batches.MoveNext())
                {
                    break;
                }

                var (images, labels) = batches.Current;
                var logits = model.forward(images);
                lossSum += nn.functional.cross_entropy(logits, labels, reduction: nn.Reduction.Sum).item<float>();
                long[] predicted = logits.argmax(1).data<long>().ToArray();
                for (int i = 0; i < predicted.Length; i++)
                {
                    predictions[offset + i] = (int)predicted[i];
                    confusion[set.GetLabel(offset + i), predicted[i]]++;
                }

                offset += predicted.Length;
            }

            int correct = Enumerable.Range(0, set.Count).Count(i => predictions[i] == set.GetLabel(i));
            return new EvaluationResult(lossSum / set.Count, (double)correct / set.Count, predictions, confusion);
        }
        finally
        {
            model.train(wasTraining);
        }
    }
}
