package io.meterbridge.serial;

import java.io.IOException;

import com.fazecast.jSerialComm.SerialPort;
import org.apache.camel.Processor;

import io.meterbridge.framing.LinkConsumer;

/**
 * Reads a serial port (jSerialComm) as a link: reopened when the device vanishes (USB unplugged) or stays silent.
 * While it is open, a producer on the same port writes to it (a device answers on the line it is asked on).
 */
public class SerialConsumer extends LinkConsumer {

    private final SerialEndpoint endpoint;
    private final SerialConfiguration config;

    SerialConsumer(SerialEndpoint endpoint, Processor processor) {
        super(endpoint, processor, endpoint.getConfiguration(), "serial");
        this.endpoint = endpoint;
        this.config = endpoint.getConfiguration();
    }

    @Override
    protected String origin() {
        return endpoint.getPort();
    }

    @Override
    protected void doStart() throws Exception {
        SerialSettings.of(config); // fail at start-up on a wrong option
        super.doStart();
    }

    @Override
    protected String opened() {
        return "Serial port " + endpoint.getPort() + " open at " + SerialSettings.of(config);
    }

    @Override
    protected Link open() throws IOException {
        SerialPort port;
        try {
            port = SerialPort.getCommPort(endpoint.getPort());
        } catch (RuntimeException e) {
            throw new IOException("cannot open: " + e.getMessage(), e);
        }
        SerialSettings settings = SerialSettings.of(config);
        port.setComPortParameters(settings.baudRate(), settings.dataBits(), settings.stopBits(), settings.parity());
        port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, config.getReadTimeout(), 0);
        if (!port.openPort()) {
            throw new IOException("cannot open (error " + port.getLastErrorCode() + "): missing, or no permission (group dialout)");
        }
        SerialComponent component = (SerialComponent) endpoint.getComponent();
        component.opened(endpoint.getPort(), port);
        return new Link() {
            @Override
            public int read(byte[] buffer) throws IOException {
                int n = port.readBytes(buffer, buffer.length);
                if (n < 0 || !port.isOpen()) {
                    throw new IOException("read error " + port.getLastErrorCode());
                }
                return n;
            }

            @Override
            public void close() {
                component.closed(endpoint.getPort(), port);
                port.closePort();
            }
        };
    }
}
