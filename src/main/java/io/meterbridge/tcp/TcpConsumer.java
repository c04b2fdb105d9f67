package io.meterbridge.tcp;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;

import org.apache.camel.Processor;

import io.meterbridge.framing.LinkConsumer;

/**
 * Reads a TCP server's stream as a link: connected again with back-off when the server closes the connection (a
 * dongle rebooting), cannot be reached, or sends no frame within the silence timeout (a connection a NAT router
 * dropped without a word).
 */
final class TcpConsumer extends LinkConsumer {

    private final TcpEndpoint endpoint;

    TcpConsumer(TcpEndpoint endpoint, Processor processor) {
        super(endpoint, processor, endpoint.getConfiguration(), "tcp");
        this.endpoint = endpoint;
    }

    @Override
    protected String origin() {
        return endpoint.getHost() + ":" + endpoint.getPort();
    }

    @Override
    protected String opened() {
        return "Connected to " + origin();
    }

    @Override
    protected Link open() throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(endpoint.getHost(), endpoint.getPort()), endpoint.getConfiguration().getConnectTimeout());
            socket.setSoTimeout(endpoint.getConfiguration().getReadTimeout());
            socket.setKeepAlive(true);
        } catch (IOException e) {
            socket.close();
            throw new IOException("cannot connect: " + e.getMessage(), e);
        }
        InputStream in = socket.getInputStream();
        return new Link() {
            @Override
            public int read(byte[] buffer) throws IOException {
                try {
                    int n = in.read(buffer);
                    if (n < 0) {
                        throw new IOException("connection closed by " + origin());
                    }
                    return n;
                } catch (SocketTimeoutException nothingYet) {
                    return 0;
                }
            }

            @Override
            public void close() {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing a connection that is gone already
                }
            }
        };
    }
}
