package dev.prompteval.webhook;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The deliveries already handled, so that a redelivery (PromptLayer sends an event again when it got no answer in
 * time) changes nothing. A delivery is known by its signature: the HMAC of the payload, which includes the event's
 * timestamp, so the same event sent again has the same key and different events do not. The most recent
 * {@code capacity} keys are kept in memory: they stop concurrent and quick repeats. A restart forgets them, so each
 * {@link GitAction} also asks the Git host what a delivery already did before it acts.
 */
final class Deliveries {
    private final Map<String, Boolean> seen;

    Deliveries(int capacity) {
        this.seen = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** True for a delivery not seen before, which the caller now handles; false for a redelivery. */
    synchronized boolean claim(String key) {
        return seen.putIfAbsent(key, Boolean.TRUE) == null;
    }

    /** Forgets a delivery whose handling failed, so that PromptLayer's next attempt is handled. */
    synchronized void release(String key) {
        seen.remove(key);
    }
}
