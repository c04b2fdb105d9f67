package io.meterbridge.serial;

import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;

/** The serial endpoint's options. Defaults suit a DSMR 4/5 P1 port (115200 8N1). */
@UriParams
public class SerialConfiguration implements Cloneable {

    /** Baud rate: 115200 for DSMR 4/5 and EMU-2, 9600 for DSMR 2.2/3. */
    @UriParam(defaultValue = "115200")
    private int baudRate = 115200;
    /** Data bits: 8, or 7 for DSMR 2.2/3. */
    @UriParam(defaultValue = "8", enums = "5,6,7,8")
    private int dataBits = 8;
    /** Parity: none, even (DSMR 2.2/3), odd, mark or space. */
    @UriParam(defaultValue = "none", enums = "none,even,odd,mark,space")
    private String parity = "none";
    /** Stop bits: 1, 1.5 or 2. */
    @UriParam(defaultValue = "1", enums = "1,1.5,2")
    private String stopBits = "1";
    /** How the byte stream is cut into frames: dsmr (plain P1), dlms (encrypted P1), or the name of a Framing bean. */
    @UriParam(defaultValue = "dsmr")
    private String framing = "dsmr";
    /** Longest frame accepted, in bytes; longer ones are logged and dropped before they fill memory. */
    @UriParam(defaultValue = "16384")
    private int maxFrameLength = 16384;
    /** Reopen the port when no frame arrived for this long (ms); a P1 meter sends every 1 or 10 s. 0 disables. */
    @UriParam(defaultValue = "60000")
    private long silenceTimeout = 60000;
    /** First wait before reopening a port that failed or vanished (ms); doubled up to maxReconnectDelay. */
    @UriParam(defaultValue = "1000")
    private long reconnectDelay = 1000;
    /** Longest wait between attempts to reopen the port (ms). */
    @UriParam(defaultValue = "30000")
    private long maxReconnectDelay = 30000;
    /** How long one read waits for bytes (ms); bounds how quickly the consumer notices it is being stopped. */
    @UriParam(label = "advanced", defaultValue = "500")
    private int readTimeout = 500;

    public SerialConfiguration copy() {
        try {
            return (SerialConfiguration) clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    public int getBaudRate() {
        return baudRate;
    }

    public void setBaudRate(int baudRate) {
        this.baudRate = baudRate;
    }

    public int getDataBits() {
        return dataBits;
    }

    public void setDataBits(int dataBits) {
        this.dataBits = dataBits;
    }

    public String getParity() {
        return parity;
    }

    public void setParity(String parity) {
        this.parity = parity;
    }

    public String getStopBits() {
        return stopBits;
    }

    public void setStopBits(String stopBits) {
        this.stopBits = stopBits;
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
