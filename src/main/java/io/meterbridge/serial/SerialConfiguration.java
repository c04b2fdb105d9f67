package io.meterbridge.serial;

import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;

import io.meterbridge.framing.LinkOptions;

/** The serial endpoint's options, and those of every link. Defaults suit a DSMR 4/5 P1 port (115200 8N1). */
@UriParams
public class SerialConfiguration extends LinkOptions {

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

}
