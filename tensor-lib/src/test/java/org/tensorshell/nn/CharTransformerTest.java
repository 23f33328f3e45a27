package org.tensorshell.nn;

import static org.junit.jupiter.api.Assertions.*;
import static org.tensorshell.Torch.*;

import org.junit.jupiter.api.Test;
import org.tensorshell.GradMode;
import org.tensorshell.Tensor;
import org.tensorshell.nn.functional.F;

/** A char-level model (Embedding -> 2 TransformerEncoderLayers -> Linear, context 64) whose loss falls on a small text. */
class CharTransformerTest {
    static final String TEXT = ("the quick brown fox jumps over the lazy dog. " + "a stitch in time saves nine. "
        + "all that glitters is not gold. ").repeat(8);

    static class CharModel extends Module {
        Embedding tok;
        Embedding pos;
        TransformerEncoderLayer l1;
        TransformerEncoderLayer l2;
        Linear head;

        CharModel(int vocab, int context, int d) {
            tok = new Embedding(vocab, d);
            pos = new Embedding(context, d);
            l1 = new TransformerEncoderLayer(d, 4, 4L * d, 0.0, "relu", 1e-5, true, false);
            l2 = new TransformerEncoderLayer(d, 4, 4L * d, 0.0, "relu", 1e-5, true, false);
            head = new Linear(d, vocab);
        }

        Tensor forward(Tensor idx, Tensor causal) {
            Tensor x = tok.forward(idx).add(pos.forward(arange(idx.size(1))));
            x = l2.forward(l1.forward(x, causal, null), causal, null);
            return head.forward(x);
        }
    }

    @Test
    void lossFalls() {
        manualSeed(0);
        String chars = TEXT.chars().distinct().sorted().collect(StringBuilder::new, StringBuilder::appendCodePoint,
            StringBuilder::append).toString();
        long[] ids = TEXT.chars().mapToLong(chars::indexOf).toArray();
        Tensor data = tensor(ids);
        int context = 64, batch = 4, vocab = chars.length();
        var model = new CharModel(vocab, context, 32);
        Tensor causal = ones(context, context).triu(1).toBool();
        double first = 0, last = 0;
        for (int step = 0; step < 25; step++) {
            Tensor starts = randint(0, data.size(0) - context - 1, batch);
            Tensor[] xs = new Tensor[batch], ys = new Tensor[batch];
            for (int b = 0; b < batch; b++) {
                long s = starts.get(b).itemLong();
                xs[b] = data.narrow(0, s, context);
                ys[b] = data.narrow(0, s + 1, context);
            }
            Tensor logits = model.forward(stack(xs), causal);
            Tensor loss = F.crossEntropy(logits.view(-1, vocab), stack(ys).view(-1));
            loss.backward();
            try (GradMode g = noGrad()) {
                for (Tensor p : model.parameters()) p.sub_(p.grad().mul(0.1));
            }
            model.zeroGrad();
            if (step < 3) first += loss.item() / 3;
            if (step >= 22) last += loss.item() / 3;
        }
        assertTrue(last < first - 0.3, "loss " + first + " -> " + last);
    }
}
