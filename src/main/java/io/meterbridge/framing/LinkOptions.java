package io.meterbridge.framing;

import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;

/** Options every link that carries a byte stream shares (a serial port, a TCP connection). */
@UriParams
public abstract class LinkOptions implements Cloneable {

    /** How the byte stream is cut into frames: dsmr (plain P1), dlms (encrypted P1), or the name of a Framing bean. */
    @UriParam(defaultValue = "dsmr")
    private String framing = "dsmr";
    /** Longest frame accepted, in bytes; longer ones are logged and dropped before they fill memory. */
    @UriParam(defaultValue = "16384")
    private int maxFrameLength = 16384;
    /** Open the link again when no frame arrived for this long (ms); a P1 meter sends every 1 or 10 s. 0 disables. */
    @UriParam(defaultValue = "60000")
    private long silenceTimeout = 60000;
    /** First wait before opening again a link that failed or went away (ms); doubled up to maxReconnectDelay. */
    @UriParam(defaultValue = "1000")
    private long reconnectDelay = 1000;
    /** Longest wait between attempts to open the link (ms). */
    @UriParam(defaultValue = "30000")
    private long maxReconnectDelay = 30000;
    /** How long one read waits for bytes (ms); bounds how quickly the consumer notices it is being stopped. */
    @UriParam(label = "advanced", defaultValue = "500")
    private int readTimeout = 500;

    @SuppressWarnings("unchecked")
    public <T extends LinkOptions> T copy() {
        try {
            return (T) clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
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

    public long getSilenceTimeout() {
        return silenceTimeout;
    }

    public void setSilenceTimeout(long silenceTimeout) {
        this.silenceTimeout = silenceTimeout;
    }

    public long getReconnectDelay() {
        return reconnectDelay;
    }

    public void setReconnectDelay(long reconnectDelay) {
        this.reconnectDelay = reconnectDelay;
    }

    public long getMaxReconnectDelay() {
        return maxReconnectDelay;
    }

    public void setMaxReconnectDelay(long maxReconnectDelay) {
        this.maxReconnectDelay = maxReconnectDelay;
    }

    public int getReadTimeout() {
        return readTimeout;
    }

    public void setReadTimeout(int readTimeout) {
        this.readTimeout = readTimeout;
    }
}
