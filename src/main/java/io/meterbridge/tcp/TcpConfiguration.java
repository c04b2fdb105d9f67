package io.meterbridge.tcp;

import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;

import io.meterbridge.framing.LinkOptions;

/** The tcp endpoint's options, and those of every link. */
@UriParams
public class TcpConfiguration extends LinkOptions {

    /** How long connecting may take (ms) before it counts as a failed attempt. */
    @UriParam(defaultValue = "5000")
    private int connectTimeout = 5000;

    /**
     * Serving: a CR LF after each frame, as a P1 telegram ends after its CRC (the framer cuts it there); false for
     * binary frames (encrypted P1).
     */
    @UriParam(label = "producer", defaultValue = "true")
    private boolean lineEnd = true;

    public boolean isLineEnd() {
        return lineEnd;
    }

    public void setLineEnd(boolean lineEnd) {
        this.lineEnd = lineEnd;
    }

    public int getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(int connectTimeout) {
        this.connectTimeout = connectTimeout;
    }
}
