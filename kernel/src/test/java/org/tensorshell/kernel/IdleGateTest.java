package org.tensorshell.kernel;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;

class IdleGateTest {
    private final List<String> log = new CopyOnWriteArrayList<>();

    /** Positive checks wait (a loaded CI machine may run the timer late); negative ones only pause. */
    private void awaitLog(List<String> expected) throws InterruptedException {
        long end = System.nanoTime() + 5_000_000_000L;
        while (!log.equals(expected) && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        assertEquals(expected, log);
    }

    @Test
    void workRunsOnlyAfterStartUpAndAQuietPeriodAndIsHeldByTheNextRequest() throws InterruptedException {
        IdleGate gate = new IdleGate(() -> log.add("hold"), () -> log.add("release"), 50);
        gate.begin();
        gate.end();
        Thread.sleep(150);
        assertEquals(List.of(), log, "nothing is released before start-up is over");
        gate.begin();
        gate.open();
        Thread.sleep(150);
        assertEquals(List.of(), log, "nothing is released while a request runs");
        gate.end();
        awaitLog(List.of("release"));
        gate.begin();
        gate.begin();
        gate.end();
        Thread.sleep(150);
        assertEquals(List.of("release", "hold"), log, "an overlapping request keeps it held");
        gate.end();
        awaitLog(List.of("release", "hold", "release"));
    }
}
