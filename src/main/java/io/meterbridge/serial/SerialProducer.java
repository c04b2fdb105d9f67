package io.meterbridge.serial;

import java.io.IOException;

import com.fazecast.jSerialComm.SerialPort;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;

/**
 * Writes the message body (bytes or text) to the serial port a consumer of the same device has open: devices such as
 * the EMU-2 take requests on the line they report on, and only one process may hold the port. Fails with an
 * IOException while the port is not open (unplugged, reconnecting), so a caller can retry.
 */
public class SerialProducer extends DefaultProducer {

    public SerialProducer(SerialEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    public SerialEndpoint getEndpoint() {
        return (SerialEndpoint) super.getEndpoint();
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        SerialEndpoint endpoint = getEndpoint();
        SerialPort port = ((SerialComponent) endpoint.getComponent()).openPort(endpoint.getPort());
        if (port == null) {
            throw new IOException("Serial port " + endpoint.getPort() + " is not open (no consumer reading it, or reconnecting)");
        }
        byte[] bytes = exchange.getMessage().getMandatoryBody(byte[].class);
        // one writer at a time per port, so two commands never interleave on the line
        synchronized (port) {
            int written = port.writeBytes(bytes, bytes.length);
            if (written != bytes.length) {
                throw new IOException("Serial port " + endpoint.getPort() + ": wrote " + written + " of " + bytes.length + " bytes");
            }
        }
    }
}
