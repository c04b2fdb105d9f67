package io.meterbridge.replay;

import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;

/**
 * Replays a captured log (a PuTTY log, a raw capture of the port) as if it came from the meter: the way to try
 * meterbridge without a meter, and to reprocess a day that went wrong.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "replay", title = "Captured log replay", syntax = "replay:file",
             consumerOnly = true, category = { Category.FILE })
public class ReplayEndpoint extends DefaultEndpoint {

    /** The capture to replay. */
    @UriPath
    @Metadata(required = true)
    private final String file;
    /** How the bytes are cut into frames, as on the serial endpoint: dsmr, dlms, or the name of a Framing bean. */
    @UriParam(defaultValue = "dsmr")
    private String framing = "dsmr";
    /** Longest frame accepted, in bytes. */
    @UriParam(defaultValue = "16384")
    private int maxFrameLength = 16384;
    /** Pause after each whole frame (ms): 0 replays as fast as the routes take it, 1000 like a DSMR 5 meter. */
    @UriParam(defaultValue = "0")
    private long delay;
    /** Start again from the top when the file ends, for a demo that runs like a live meter. */
    @UriParam(defaultValue = "false")
    private boolean loop;
    /**
     * Move the capture's meter times so its first telegram is now (dsmr framing): the demo then looks like a meter
     * plugged in today, and the store keeps its readings as today's. Each telegram stays as valid or as damaged as it
     * was; with loop, every pass repeats the first pass's times.
     */
    @UriParam(defaultValue = "false")
    private boolean shiftToNow;
    /** Stop the application gracefully once the file is replayed, flushing every sink. */
    @UriParam(defaultValue = "false")
    private boolean shutdownWhenDone;

    ReplayEndpoint(String uri, ReplayComponent component, String file) {
        super(uri, component);
        this.file = file;
    }

    @Override
    public Producer createProducer() {
        throw new UnsupportedOperationException("replay: reads only");
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        ReplayConsumer consumer = new ReplayConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    public String getFile() {
        return file;
    }

    public String getFraming() {
        return framing;
    }

    public void setFraming(String framing) {
        this.framing = framing;
    }

    public int getMaxFrameLength() {
        return maxFrameLength;
    }

    public void setMaxFrameLength(int maxFrameLength) {
        this.maxFrameLength = maxFrameLength;
    }

    public long getDelay() {
        return delay;
    }

    public void setDelay(long delay) {
        this.delay = delay;
    }

    public boolean isLoop() {
        return loop;
    }

    public void setLoop(boolean loop) {
        this.loop = loop;
    }

    public boolean isShiftToNow() {
        return shiftToNow;
    }

    public void setShiftToNow(boolean shiftToNow) {
        this.shiftToNow = shiftToNow;
    }

    public boolean isShutdownWhenDone() {
        return shutdownWhenDone;
    }

    public void setShutdownWhenDone(boolean shutdownWhenDone) {
        this.shutdownWhenDone = shutdownWhenDone;
    }
}
