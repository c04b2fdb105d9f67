package io.meterbridge.tcp;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;

import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the raw stream to whoever connects, as ser2net does: every message's bytes (a telegram as the meter sent
 * it) go to each connected client, so other software (a second gateway, dsmr-reader's network socket input) shares
 * one P1 port. Each client has its own writer and a queue of {@value #QUEUE} messages; a client that does not keep
 * up is disconnected, so it never slows the gateway or the other clients.
 */
final class TcpFanOut extends DefaultProducer {

    private static final Logger LOG = LoggerFactory.getLogger(TcpFanOut.class);
    static final int QUEUE = 100;
    private static final int SEND_BUFFER = 64 * 1024;

    private final TcpEndpoint endpoint;
    private final Set<Client> clients = ConcurrentHashMap.newKeySet();
    private ServerSocket server;
    private ExecutorService threads;

    TcpFanOut(TcpEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getByName(endpoint.getHost()), endpoint.getPort()));
        threads = getEndpoint().getCamelContext().getExecutorServiceManager().newCachedThreadPool(this, "tcp-fan-out-" + endpoint.getPort());
        threads.submit(this::accept);
        LOG.info("Serving the raw stream on {}:{}", endpoint.getHost(), server.getLocalPort());
    }

    @Override
    protected void doStop() throws Exception {
        if (server != null) {
            server.close();
        }
        clients.forEach(Client::close);
        if (threads != null) {
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdownNow(threads);
        }
        super.doStop();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                socket.setTcpNoDelay(true);
                // a client that stops reading is noticed once about this much is in flight, not after megabytes
                socket.setSendBufferSize(SEND_BUFFER);
                Client client = new Client(socket);
                clients.add(client);
                threads.submit(client::write);
                LOG.info("Raw stream client {} connected ({} now)", socket.getRemoteSocketAddress(), clients.size());
            } catch (IOException e) {
                if (!server.isClosed()) {
                    LOG.warn("Raw stream on port {}: {}", endpoint.getPort(), e.getMessage());
                }
            }
        }
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        byte[] frame = exchange.getMessage().getMandatoryBody(byte[].class);
        // the framer cut the telegram at its CRC: the line end the meter sent after it goes back on
        byte[] bytes = endpoint.getConfiguration().isLineEnd() ? lineEnded(frame) : frame;
        for (Client client : clients) {
            if (!client.queue.offer(bytes)) {
                LOG.warn("Raw stream client {} does not keep up ({} messages waiting): disconnected", client.socket.getRemoteSocketAddress(), QUEUE);
                client.close();
            }
        }
    }

    private static byte[] lineEnded(byte[] frame) {
        byte[] bytes = java.util.Arrays.copyOf(frame, frame.length + 2);
        bytes[frame.length] = '\r';
        bytes[frame.length + 1] = '\n';
        return bytes;
    }

    private final class Client {
        final Socket socket;
        final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(QUEUE);

        Client(Socket socket) {
            this.socket = socket;
        }

        void write() {
            try (OutputStream out = socket.getOutputStream()) {
                while (!socket.isClosed()) {
                    out.write(queue.take());
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // the client went away, or the producer stops
            } finally {
                close();
            }
        }

        void close() {
            if (clients.remove(this)) {
                LOG.info("Raw stream client {} disconnected", socket.getRemoteSocketAddress());
            }
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a connection that is gone already
            }
        }
    }
}
