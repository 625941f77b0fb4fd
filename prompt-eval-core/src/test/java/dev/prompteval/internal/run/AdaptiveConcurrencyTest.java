package dev.prompteval.internal.run;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class AdaptiveConcurrencyTest {
    private final CancellationToken running = new CancellationToken();

    @Test
    void anOverloadCutsTheLimitOncePerRoundAndSuccessesGrowItBack() throws InterruptedException {
        var inFlight = new AdaptiveConcurrency(10);
        long[] tickets = new long[10];
        for (int i = 0; i < 10; i++) tickets[i] = inFlight.acquire(running);

        // Ten calls sent together all come back rate limited: they describe one moment, so one cut.
        for (long ticket : tickets) inFlight.overloaded(ticket);
        assertThat(inFlight.limit()).isEqualTo(7);

        // A call sent after the cut that is refused too cuts again.
        inFlight.overloaded(inFlight.acquire(running));
        assertThat(inFlight.limit()).isEqualTo(4); // 10 * 0.7 * 0.7 = 4.9

        for (int i = 0; i < 200; i++) inFlight.succeeded(inFlight.acquire(running));
        assertThat(inFlight.limit()).isEqualTo(10);
    }

    @Test
    void theLimitNeverFallsBelowOneCall() throws InterruptedException {
        var inFlight = new AdaptiveConcurrency(4);
        for (int i = 0; i < 20; i++) inFlight.overloaded(inFlight.acquire(running));

        assertThat(inFlight.limit()).isEqualTo(1);
    }

    @Test
    void otherFailuresChangeNothing() throws InterruptedException {
        var inFlight = new AdaptiveConcurrency(4);
        for (int i = 0; i < 20; i++) inFlight.released(inFlight.acquire(running));

        assertThat(inFlight.limit()).isEqualTo(4);
    }

    @Test
    void aCallerWaitingForASlotGivesUpWhenTheRunStops() throws InterruptedException {
        var inFlight = new AdaptiveConcurrency(1);
        inFlight.acquire(running);
        var stop = new CancellationToken();
        var ticket = new AtomicLong(Long.MIN_VALUE);
        Thread waiter = new Thread(() -> {
            try {
                ticket.set(inFlight.acquire(stop));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        waiter.start();
        stop.onCancel(inFlight::wakeAll);

        stop.cancel("the run stops");
        waiter.join();

        assertThat(ticket.get()).isEqualTo(-1);
    }
}
