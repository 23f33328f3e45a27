package org.tensorshell.core;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.tensorshell.Tensor;
import org.tensorshell.Torch;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** {@link OffHeap}'s huge-page buffers: mapped, unmapped once dead, and held to the JDK's off-heap limit. */
class OffHeapTest {
    private static final long MB = 1 << 20;

    @Test
    void largeTensorsAreMappedOnHugePagesAndUnmappedWhenDead() throws InterruptedException {
        Assumptions.assumeTrue(OffHeap.hugePages(), "no huge-page buffers here (JDK 21, or transparent huge pages off)");
        long before = OffHeap.hugeMappedBytes();
        Tensor t = Torch.zeros(8 * MB + 3); // 32 MB and a bit: a pool miss
        assertTrue(OffHeap.hugeMappedBytes() >= before + 32 * MB, "a 32 MB tensor is mapped on huge pages");
        assertEquals(0.0, t.sum().item(), "a fresh mapping reads as zeros");
        t.fill_(1.0);
        assertEquals(8 * MB + 3, t.sum().item(), 0.0);
        long withT = OffHeap.hugeMappedBytes();
        t = null;
        // a dead tensor's buffer goes back to the pool; dropped from it, the mapping goes at the next collection
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (OffHeap.hugeMappedBytes() >= withT && System.nanoTime() < deadline) {
            System.gc();
            OffHeap.dropPool();
            Thread.sleep(20);
        }
        assertTrue(OffHeap.hugeMappedBytes() < withT, "the dead tensor's mapping was unmapped");
    }

    @Test
    void aLoopOfLargeTemporariesGrowsTheirSupplyInsteadOfCollectingEveryFewOps() throws InterruptedException {
        long cap = 8 * MB + 12 * 1024; // large (a collection is awaited on a miss), and a size no other test uses
        int most = (int) (OffHeap.POOL_LIMIT_BYTES / cap);
        Assumptions.assumeTrue(most >= 12, "the pool keeps only " + most + " buffers of this size in this JVM");
        // six buffers of the size, all back in the pool
        List<Tensor> six = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            six.add(Torch.empty(cap / 4));
        }
        six.clear();
        System.gc();
        OffHeap.awaitNudge();
        Thread.sleep(50);
        int ops = 60;
        long before = OffHeap.largeNudges();
        for (int i = 0; i < ops; i++) {
            temporary(cap / 4);
            // ops that take longer than a collection (2048x2048 products, say): the collection asked for has
            // ended and the Cleaner has handed the dead buffers back before the next request
            OffHeap.awaitNudge();
            Thread.sleep(10);
        }
        long nudges = OffHeap.largeNudges() - before;
        // collecting ahead whenever the pool's last buffer went out kept every later request served, so the
        // supply stayed at those six, with a collection every fifth or sixth request: 10-12 here
        assertTrue(nudges <= ops / 10, nudges + " collections for " + ops + " requests of one large size");
    }

    /** A tensor that dies on return, as an op's temporary does. */
    private static void temporary(long numel) {
        assertEquals(numel, Torch.empty(numel).numel());
    }

    @Test
    void hugePageBuffersCountAgainstTheOffHeapLimit() {
        Assumptions.assumeTrue(OffHeap.hugePages(), "no huge-page buffers here (JDK 21, or transparent huge pages off)");
        long limit = Runtime.getRuntime().maxMemory(); // the tests set no -XX:MaxDirectMemorySize
        long each = 256 * MB;
        List<Tensor> held = new ArrayList<>();
        TensorError refused = null;
        // untouched pages: nothing here becomes resident, so the limit, not the machine, stops the loop
        for (int i = 0; i <= limit / each + 1 && refused == null; i++) {
            try {
                held.add(Torch.empty(each / 4));
            } catch (TensorError e) {
                refused = e;
            }
        }
        assertNotNull(refused, "tensors beyond -XX:MaxDirectMemorySize (" + limit / MB + " MB) must be refused");
        assertTrue(refused.getMessage().contains("out of memory"), refused.getMessage());
        assertTrue(held.size() * each <= limit, held.size() + " tensors of 256 MB held under a limit of " + limit / MB + " MB");
        held.clear();
        Tensor again = Torch.empty(each / 4); // room again once the dead ones are collected
        assertEquals(each / 4, again.numel());
    }
}
