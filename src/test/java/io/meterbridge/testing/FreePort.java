package io.meterbridge.testing;

import java.io.IOException;
import java.net.ServerSocket;

/** A loopback port nothing listens on right now, for a server a test starts. */
public final class FreePort {

    private FreePort() {
    }

    public static int next() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
