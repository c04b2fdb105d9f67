package io.meterbridge.dsmr;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

import io.meterbridge.framing.Frame;
import io.meterbridge.framing.FrameSink;
import io.meterbridge.framing.Framer;

/**
 * Cuts a P1 byte stream into telegrams: from a '/' at the start of a line to the '!' and the up to four CRC
 * characters after it. Bytes between telegrams (a gateway's trailer, line noise, a capture tool's timestamps)
 * are skipped. A telegram that a new '/' interrupts, or that exceeds the length limit, is emitted flagged, so it
 * is logged as rejected instead of vanishing. When an end arrives with no start before it, the bytes since the
 * last telegram are emitted as {@link Frame.Status#NO_START}: noise may have hit the '/' itself.
 */
public final class DsmrFramer implements Framer {

    private enum State { SEEK, BODY, CRC }

    /** How much of an oversized frame is kept for the error log. */
    private static final int OVERSIZED_SAMPLE = 256;

    private final int maxLength;
    private final Buffer frame = new Buffer();
    /** Bytes since the last telegram ended, kept for the no-start recovery; bounded by maxLength. */
    private final Buffer skipped = new Buffer();
    private State state = State.SEEK;
    private Frame.Status pendingStatus;
    private byte previous = '\n';
    private int depth;
    private int crcChars;
    private boolean pastHeader;
    /** Whether this stream's telegrams carry a CRC (DSMR 4 and later); learnt from the first one that does. */
    private boolean crcSeen;
    private boolean oversized;
    /** Where further '/' stood in the current frame: one starts a new telegram if the previous was cut short. */
    private final int[] innerStarts = new int[8];
    private int inner;

    public DsmrFramer(int maxLength) {
        if (maxLength < 64) {
            throw new IllegalArgumentException("maxFrameLength must be at least 64 bytes, was " + maxLength);
        }
        this.maxLength = maxLength;
    }

    @Override
    public void feed(byte[] buffer, int offset, int length, FrameSink sink) throws Exception {
        for (int i = offset; i < offset + length; i++) {
            byte c = buffer[i];
            switch (state) {
                case SEEK:
                    seek(c, sink);
                    break;
                case BODY:
                    body(c, sink);
                    break;
                default:
                    crc(c, sink);
            }
            previous = c;
        }
    }

    private void seek(byte c, FrameSink sink) throws Exception {
        if (c == '/' && (previous == '\n' || previous == '\r')) {
            start(c);
            return;
        }
        if (skipped.size() >= maxLength) {
            skipped.reset();
            inner = 0;
        }
        if (skipped.size() == 0 && (c == '\r' || c == '\n')) {
            return; // the line end after the last CRC: a damaged '/' would be the next byte
        }
        if (c == '/' && inner < innerStarts.length) {
            innerStarts[inner++] = skipped.size(); // a start glued to a trailer, proven later by its CRC
        }
        skipped.write(c);
        if (c == '!' && previous == '\n') {
            // an end without a start: keep what came since the last telegram and read its CRC
            frame.reset();
            frame.write(skipped.array(), 0, skipped.size());
            skipped.reset();
            pendingStatus = Frame.Status.NO_START;
            enterCrc();
        }
    }

    private void start(byte c) {
        frame.reset();
        skipped.reset();
        frame.write(c);
        depth = 0;
        pastHeader = false;
        inner = 0;
        oversized = false;
        pendingStatus = Frame.Status.COMPLETE;
        state = State.BODY;
    }

    private void body(byte c, FrameSink sink) throws Exception {
        if (c == '/' && previous == '\n' && depth == 0) {
            emit(sink, Frame.Status.TRUNCATED);
            start(c);
            return;
        }
        if (c == '/' && inner < innerStarts.length) {
            innerStarts[inner++] = frame.size();
        }
        append(c);
        if (c == '(') {
            depth = 1;
        } else if (c == ')') {
            depth = 0;
        } else if (TelegramParser.isEnd(c, previous, depth) && pastHeader) {
            enterCrc();
        } else if (c == '\n') {
            pastHeader = true; // a '!' in the identification line is not the end
        }
    }

    private void enterCrc() {
        crcChars = 0;
        state = State.CRC;
    }

    private void crc(byte c, FrameSink sink) throws Exception {
        if ((c == '\r' || c == '\n') && crcChars == 0 && crcSeen && pendingStatus == Frame.Status.COMPLETE) {
            // this meter sends a CRC: a '!' with none after it is a byte noise turned into '!', not the end
            state = State.BODY;
            body(c, sink);
            return;
        }
        if (c == '\r' || c == '\n') {
            crcSeen |= crcChars > 0;
            emit(sink, pendingStatus);
            return;
        }
        if (crcChars == 4 && pendingStatus == Frame.Status.COMPLETE) {
            // more than four characters after '!': a line whose first byte noise turned into '!', not the end
            state = State.BODY;
            body(c, sink);
            return;
        }
        append(c);
        crcChars++;
    }

    private void append(byte c) {
        if (frame.size() < maxLength) {
            frame.write(c);
        } else {
            oversized = true;
        }
    }

    private void emit(FrameSink sink, Frame.Status status) throws Exception {
        state = State.SEEK;
        byte[] bytes = oversized ? Arrays.copyOf(frame.array(), Math.min(frame.size(), OVERSIZED_SAMPLE)) : frame.toByteArray();
        Frame.Status outcome = oversized ? Frame.Status.OVERSIZED : status;
        frame.reset();
        for (int i = 0; outcome != Frame.Status.OVERSIZED && i < inner; i++) {
            if (innerStarts[i] > 0 && provesInnerTelegram(bytes, innerStarts[i])) {
                // a telegram cut short mid-line ran into the next one, or a start not at a line start: the CRC
                // proves where the telegram starts; what came before is a cut-short telegram or garbage
                if (outcome == Frame.Status.COMPLETE) {
                    sink.frame(new Frame(Arrays.copyOf(bytes, innerStarts[i]), Frame.Status.TRUNCATED));
                }
                bytes = Arrays.copyOfRange(bytes, innerStarts[i], bytes.length);
                outcome = Frame.Status.COMPLETE;
                break;
            }
        }
        inner = 0;
        sink.frame(new Frame(bytes, outcome));
    }

    private static boolean provesInnerTelegram(byte[] bytes, int from) {
        TelegramParser.Layout inner = TelegramParser.layout(bytes, from, bytes.length - from);
        return inner.terminated() && new CrcCheck(TelegramParser.latin1(bytes, inner.bang() + 1, inner.end()),
                Crc16Arc.compute(bytes, inner.start(), inner.bang() + 1)).status() == CrcCheck.Status.VALID;
    }

    @Override
    public void finish(FrameSink sink) throws Exception {
        if (state == State.CRC) {
            emit(sink, pendingStatus); // a file may end right after the '!' or the CRC
        } else if (state == State.BODY) {
            emit(sink, Frame.Status.TRUNCATED);
        }
        reset();
    }

    @Override
    public void reset() {
        state = State.SEEK;
        inner = 0;
        frame.reset();
        skipped.reset();
        previous = '\n';
    }

    /** A ByteArrayOutputStream whose array can be read without a copy. */
    private static final class Buffer extends ByteArrayOutputStream {
        Buffer() {
            super(1024);
        }

        byte[] array() {
            return buf;
        }
    }
}
