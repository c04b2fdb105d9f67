package io.meterbridge.replay;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.meterbridge.framing.Frame;
import io.meterbridge.framing.FrameTimes;
import io.meterbridge.framing.FramedConsumer;
import io.meterbridge.framing.Framer;
import io.meterbridge.framing.Framers;
import io.meterbridge.framing.Framing;

/** Reads the file on one thread through the framer, frame by frame, like the serial consumer reads a port. */
public class ReplayConsumer extends FramedConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(ReplayConsumer.class);

    private final ReplayEndpoint endpoint;
    private long frames;
    private FrameTimes times;
    private Duration shift;

    ReplayConsumer(ReplayEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
    }

    @Override
    protected String origin() {
        return endpoint.getFile();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        Path file = Path.of(endpoint.getFile());
        if (!Files.isReadable(file)) {
            throw new NoSuchFileException(file.toAbsolutePath().toString(), null, "replay: cannot read the capture");
        }
        Framing framing = Framers.resolve(endpoint.getFraming(), endpoint.getCamelContext());
        Framer framer = framing.newFramer(endpoint.getMaxFrameLength());
        times = endpoint.isShiftToNow() ? framing.times() : null;
        if (endpoint.isShiftToNow() && times == null) {
            throw new IllegalArgumentException("The '" + endpoint.getFraming() + "' framing has no times to move: shiftToNow works with dsmr only");
        }
        startReader("replay", () -> replay(file, framer));
    }

    private void replay(Path file, Framer framer) {
        do {
            frames = 0;
            try (InputStream in = Files.newInputStream(file)) {
                byte[] buffer = new byte[8192];
                int n;
                while (isRunAllowed() && (n = in.read(buffer)) > 0) {
                    framer.feed(buffer, 0, n, this);
                }
                framer.finish(this);
            } catch (IOException e) {
                getExceptionHandler().handleException("Cannot read " + file, e);
                return;
            } catch (Exception e) {
                getExceptionHandler().handleException("Replay of " + file + " failed", e);
                return;
            }
            LOG.info("Replayed {} frames from {}", frames, file);
        } while (endpoint.isLoop() && isRunAllowed());
        if (endpoint.isShutdownWhenDone() && isRunAllowed()) {
            LOG.info("Replay finished; shutting down as shutdownWhenDone asks");
            // stop from another thread: this one belongs to the consumer that the shutdown stops
            new Thread(() -> {
                try {
                    endpoint.getCamelContext().stop();
                } catch (RuntimeException e) {
                    LOG.warn("Shutdown after replay failed: {}", e.getMessage());
                }
            }, "replay-shutdown").start();
        }
    }

    @Override
    public void frame(Frame frame) {
        if (!isRunAllowed()) {
            // stopping: the rest of the buffer read is left unreplayed (a rerun adds no duplicates) rather than
            // keeping the shutdown waiting a delay per frame
            return;
        }
        frames++;
        super.frame(times == null ? frame : shifted(frame));
        // the pace is a meter's, a telegram each delay: a capture's leading tail (a cable plugged in mid-telegram)
        // or a cut-off frame is not one, and waiting after it would only hold back the next whole telegram
        if (endpoint.getDelay() > 0 && frame.status() == Frame.Status.COMPLETE) {
            try {
                Thread.sleep(endpoint.getDelay());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The frame moved by the shift that puts the capture's first readable time at the moment it is replayed. */
    private Frame shifted(Frame frame) {
        if (shift == null) {
            Instant first = times.time(frame.bytes());
            if (first == null) {
                return frame;
            }
            shift = Duration.between(first, Instant.now().truncatedTo(ChronoUnit.SECONDS));
            LOG.info("Replaying {} with its times moved by {} to now", endpoint.getFile(), shift);
        }
        return new Frame(times.shift(frame.bytes(), shift), frame.status());
    }
}
