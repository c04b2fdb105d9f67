package io.meterbridge.serial;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests to a device whose answers arrive on the line it shares with what the device sends on its own (an EMU-2's
 * pushed fragments, a meterman gateway's node reports): the consumer route that reads the line hands each answer to
 * {@link #answer}, and {@link #ask} waits for the one its request is answered with, sending it again when none
 * comes. One request is in flight at a time, so answers of the same kind cannot be confused.
 *
 * @param <K> what names an answer, e.g. the fragment's kind
 * @param <A> the answer
 */
public final class Requests<K, A> {

    private static final Logger LOG = LoggerFactory.getLogger(Requests.class);

    /** Writes the request to the device. */
    @FunctionalInterface
    public interface Send {
        void send() throws Exception;
    }

    private final ReentrantLock inFlight = new ReentrantLock();
    private final Map<K, CompletableFuture<A>> waiting = new ConcurrentHashMap<>();

    /**
     * Sends the request and waits up to {@code timeoutMillis} for the answer named {@code key}, up to {@code attempts}
     * times with {@code backoffMillis} between. Returns the answer, or null when none came; a refusal the device
     * sent ({@link #refuseAll}) is thrown at once.
     */
    public A ask(K key, Send send, long timeoutMillis, int attempts, long backoffMillis) throws Exception {
        inFlight.lock();
        try {
            for (int attempt = 1; attempt <= attempts; attempt++) {
                CompletableFuture<A> answer = new CompletableFuture<>();
                waiting.put(key, answer);
                try {
                    send.send();
                    return answer.get(timeoutMillis, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    // not answered (the device missed the request, or clobbered its answer): send it again
                    LOG.debug("No {} within {} ms (attempt {} of {})", key, timeoutMillis, attempt, attempts);
                } catch (ExecutionException e) {
                    throw (Exception) e.getCause();
                } finally {
                    waiting.remove(key, answer);
                }
                if (attempt < attempts) {
                    Thread.sleep(backoffMillis);
                }
            }
            return null;
        } finally {
            inFlight.unlock();
        }
    }

    /** Sends what the device answers nothing to, in turn with the requests. */
    public void tell(Send send) throws Exception {
        inFlight.lock();
        try {
            send.send();
        } finally {
            inFlight.unlock();
        }
    }

    /** An answer the device sent: completes the request waiting for it. Returns false when none was waiting. */
    public boolean answer(K key, A answer) {
        CompletableFuture<A> w = waiting.get(key);
        return w != null && w.complete(answer);
    }

    /** The device refused what it was asked: the waiting request fails with this. */
    public void refuseAll(Exception refusal) {
        waiting.values().forEach(w -> w.completeExceptionally(refusal));
    }
}
