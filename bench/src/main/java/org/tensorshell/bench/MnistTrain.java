package org.tensorshell.bench;

import static org.tensorshell.Torch.*;

import java.nio.file.Path;
import org.tensorshell.Tensor;
import org.tensorshell.data.DataLoader;
import org.tensorshell.data.datasets.FashionMNIST;
import org.tensorshell.nn.*;
import org.tensorshell.nn.Module;
import org.tensorshell.nn.functional.F;
import org.tensorshell.optim.*;

/**
 * Issue 4, acceptance 1: the training program of shared/API.md, unchanged, on Fashion-MNIST, then the test
 * accuracy. Usage: {@code MnistTrain [epochs] [maxStepsPerEpoch] [dataDir]}; defaults 2 epochs, every batch,
 * {@code /usr/share/datasets/fashion-mnist}. PyTorch 1.13 reaches 0.894 with the same model and data.
 */
public final class MnistTrain {

    static class MyModel extends Module {
        Conv2d conv1 = new Conv2d(1, 32, 3);
        Flatten flatten = new Flatten();
        Linear d1 = new Linear(21632, 128);
        Linear d2 = new Linear(128, 10);

        public Tensor forward(Tensor x) {
            x = F.relu(conv1.forward(x));
            x = flatten.forward(x);
            x = F.relu(d1.forward(x));
            return F.logSoftmax(d2.forward(x), 1);
        }
    }

    public static void main(String[] args) {
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        long maxSteps = args.length > 1 ? Long.parseLong(args[1]) : Long.MAX_VALUE;
        Path dataDir = args.length > 2 ? Path.of(args[2]) : FashionMNIST.DEFAULT_DIR;
        manualSeed(0);
        long t0 = System.nanoTime();

        var model = new MyModel();
        var optimizer = new Adam(model.parameters());
        var lossObject = new CrossEntropyLoss(Reduction.SUM);
        var trainDs = new DataLoader(FashionMNIST.train(dataDir), 32, true);
        for (int epoch = 0; epoch < epochs; epoch++) {
            model.train();
            double trainLoss = 0; long trainN = 0;
            long steps = 0;
            for (var batch : trainDs) {
                Tensor predictions = model.forward(batch.input());
                Tensor loss = lossObject.forward(predictions, batch.target());
                trainLoss += loss.item();
                trainN += batch.target().size(0);
                loss.backward();
                optimizer.step();
                optimizer.zeroGrad();
                if (++steps >= maxSteps) break;
            }
            trainLoss /= trainN;
            System.out.printf("epoch %d: train loss %.4f over %d images (%.1f s)%n", epoch + 1, trainLoss, trainN,
                (System.nanoTime() - t0) / 1e9);
        }

        System.out.printf("test accuracy %.4f%n", accuracy(model, new DataLoader(FashionMNIST.test(dataDir), 1000)));
    }

    /** Fraction of the loader's images whose arg-max prediction equals the label. */
    static double accuracy(MyModel model, DataLoader loader) {
        model.eval();
        long correct = 0, n = 0;
        try (var g = noGrad()) {
            for (var batch : loader) {
                Tensor predicted = model.forward(batch.input()).argmax(1);
                correct += (long) predicted.eq(batch.target()).sum().item();
                n += batch.target().size(0);
            }
        }
        return (double) correct / n;
    }
}
