package io.meterbridge.dlms;

import java.util.Arrays;

import io.meterbridge.framing.Frame;
import io.meterbridge.framing.FrameSink;
import io.meterbridge.framing.Framer;

/**
 * Cuts a byte stream into encrypted P1 frames ({@link DlmsFrame}). A frame starts at {@code DB 08}; its length
 * field says how many bytes follow. Anything else is skipped. A header that claims more than the frame limit,
 * or has no valid length form or security byte, is not a start: the search resumes at the next byte, so a
 * stray DB in garbage costs nothing and nothing is buffered for a forged length.
 */
public final class DlmsFramer implements Framer {

    private final int maxLength;
    private byte[] buffer = new byte[2048];
    private int size;
    /** Total frame length once the header has been read, else -1. */
    private int expected = -1;

    public DlmsFramer(int maxLength) {
        if (maxLength < 64) {
            throw new IllegalArgumentException("maxFrameLength must be at least 64 bytes, was " + maxLength);
        }
        this.maxLength = maxLength;
    }

    @Override
    public void feed(byte[] in, int offset, int length, FrameSink sink) throws Exception {
        for (int i = offset; i < offset + length; ) {
            if (expected > 0) {
                // the body: copy what is still missing in one go
                int n = Math.min(expected - size, offset + length - i);
                System.arraycopy(in, i, buffer, size, n);
                size += n;
                i += n;
                if (size == expected) {
                    sink.frame(new Frame(Arrays.copyOf(buffer, size), Frame.Status.COMPLETE));
                    size = 0;
                    expected = -1;
                }
                continue;
            }
            buffer[size++] = in[i++];
            header(sink);
        }
    }

    /** Checks the header bytes collected so far; drops the first byte and retries whenever they cannot start a frame. */
    private void header(FrameSink sink) {
        while (size > 0) {
            if ((buffer[0] & 0xFF) != DlmsFrame.TAG || (size > 1 && buffer[1] != 8)) {
                shift();
                continue;
            }
            int lengthEnd = DlmsFrame.lengthEnd(buffer, 0, size);
            if (lengthEnd == -2) {
                shift();
                continue;
            }
            if (lengthEnd == -1) {
                return; // need more header bytes
            }
            int total = lengthEnd + DlmsFrame.length(buffer, 0);
            if (total > maxLength || total < lengthEnd + 6) {
                shift(); // an impossible length: not a frame start
                continue;
            }
            if (size > lengthEnd) {
                int sc = buffer[lengthEnd] & 0xFF;
                if (sc != DlmsFrame.AUTHENTICATED && sc != DlmsFrame.ENCRYPTED_ONLY) {
                    shift();
                    continue;
                }
                if (buffer.length < total) {
                    buffer = Arrays.copyOf(buffer, total);
                }
                expected = total;
            }
            return;
        }
    }

    /** Drops the first collected byte: the search for a start resumes at the next one. */
    private void shift() {
        System.arraycopy(buffer, 1, buffer, 0, size - 1);
        size--;
    }

    @Override
    public void finish(FrameSink sink) throws Exception {
        if (size > 0 && expected > 0) {
            sink.frame(new Frame(Arrays.copyOf(buffer, size), Frame.Status.TRUNCATED));
        }
        reset();
    }

    @Override
    public void reset() {
        size = 0;
        expected = -1;
    }
}
