package io.meterbridge.dsmr;

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
 *
 * <p>Noise can also make a byte look like a marker. So a '!' followed by more than four characters is a damaged
 * line, not the end; once the stream has shown CRCs, a '!' without one is not the end either; a telegram cut
 * short mid-line that ran into the next one is split where the CRC proves the next one starts, and one cut inside
 * its CRC line ends at the next '/'.
 */
public final class DsmrFramer implements Framer {

    private enum State { SEEK, BODY, CRC }

    /** How much of an oversized frame is kept for the error log. */
    private static final int OVERSIZED_SAMPLE = 256;

    private final int maxLength;
    /** The frame being collected; grows up to maxLength. */
    private byte[] frame = new byte[2048];
    private int size;
    /** Bytes since the last telegram ended, kept for the no-start recovery; bounded by maxLength. */
    private byte[] skipped = new byte[256];
    private int skippedSize;
    private State state = State.SEEK;
    private Frame.Status pendingStatus;
    private byte previous = '\n';
    private int crcChars;
    private boolean oversized;
    /** Whether this stream's telegrams carry a CRC (DSMR 4 and later); learnt from the first one that does. */
    private boolean crcSeen;
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
        int end = offset + length;
        int i = offset;
        while (i < end) {
            if (state == State.BODY) {
                i = bodyRun(buffer, i, end, sink);
                continue;
            }
            byte c = buffer[i++];
            if (state == State.SEEK) {
                seek(c, sink);
            } else {
                crc(c, sink);
            }
            previous = c;
        }
    }

    /**
     * Copies the body in runs between the only bytes that matter here, '!' and '/', which keeps framing cheap next
     * to parsing. An end is a '!' at the start of a line; one that noise left elsewhere (a damaged line feed
     * before it) is found by the reader once the next telegram's '/' closes the frame. Returns where it stopped:
     * the end of the input or a change of state.
     */
    private int bodyRun(byte[] buffer, int from, int end, FrameSink sink) throws Exception {
        int run = from;
        for (int i = from; i < end; i++) {
            byte c = buffer[i];
            if (c != '!' && c != '/') {
                continue;
            }
            if (i > from) {
                previous = buffer[i - 1];
            }
            append(buffer, run, i - run);
            run = i + 1;
            body(c, sink);
            previous = c;
            if (state != State.BODY) {
                return i + 1;
            }
        }
        if (end > from) {
            previous = buffer[end - 1];
        }
        append(buffer, run, end - run);
        return end;
    }

    private void body(byte c, FrameSink sink) throws Exception {
        if (c == '/' && previous == '\n') {
            emit(sink, Frame.Status.TRUNCATED);
            start(c);
            return;
        }
        if (c == '/' && inner < innerStarts.length) {
            innerStarts[inner++] = size;
        }
        append(c);
        if (c == '!' && previous == '\n') {
            enterCrc();
        }
    }

    private void seek(byte c, FrameSink sink) throws Exception {
        if (c == '/' && (previous == '\n' || previous == '\r')) {
            start(c);
            return;
        }
        if (skippedSize >= maxLength) {
            skippedSize = 0;
            inner = 0;
        }
        if (skippedSize == 0 && (c == '\r' || c == '\n')) {
            return; // the line end after the last CRC: a damaged '/' would be the next byte
        }
        if (c == '/' && inner < innerStarts.length) {
            innerStarts[inner++] = skippedSize; // a start glued to a trailer, proven later by its CRC
        }
        if (skippedSize == skipped.length) {
            skipped = Arrays.copyOf(skipped, Math.min(maxLength, skipped.length * 2));
        }
        skipped[skippedSize++] = c;
        if (c == '!' && previous == '\n') {
            // an end without a start: keep what came since the last telegram and read its CRC
            size = 0;
            oversized = false;
            append(skipped, 0, skippedSize);
            skippedSize = 0;
            pendingStatus = Frame.Status.NO_START;
            enterCrc();
        }
    }

    private void start(byte c) {
        size = 0;
        skippedSize = 0;
        inner = 0;
        oversized = false;
        pendingStatus = Frame.Status.COMPLETE;
        state = State.BODY;
        append(c);
    }

    private void enterCrc() {
        crcChars = 0;
        state = State.CRC;
    }

    private void crc(byte c, FrameSink sink) throws Exception {
        if (c == '/') {
            // no CRC digit is a '/': the CRC line was cut short and the next telegram starts here
            emit(sink, Frame.Status.TRUNCATED);
            start(c);
            return;
        }
        boolean lineEnd = c == '\r' || c == '\n';
        boolean notTheEnd = pendingStatus == Frame.Status.COMPLETE
                // this meter sends a CRC: a '!' with none after it is a byte noise turned into '!'
                && ((lineEnd && crcChars == 0 && crcSeen)
                // more than four characters after '!': a line whose first byte noise turned into '!'
                || (!lineEnd && crcChars == 4));
        if (notTheEnd) {
            state = State.BODY;
            if (c == '/' || c == '!') {
                body(c, sink);
            } else {
                append(c);
            }
            return;
        }
        if (lineEnd) {
            crcSeen |= crcChars > 0;
            emit(sink, pendingStatus);
            return;
        }
        append(c);
        crcChars++;
    }

    private void append(byte c) {
        if (size < maxLength) {
            if (size == frame.length) {
                frame = Arrays.copyOf(frame, Math.min(maxLength, frame.length * 2));
            }
            frame[size++] = c;
        } else {
            oversized = true;
        }
    }

    private void append(byte[] bytes, int from, int length) {
        int room = maxLength - size;
        if (length > room) {
            oversized = true;
            length = room;
        }
        if (size + length > frame.length) {
            frame = Arrays.copyOf(frame, Math.min(maxLength, Math.max(frame.length * 2, size + length)));
        }
        System.arraycopy(bytes, from, frame, size, length);
        size += length;
    }

    private void emit(FrameSink sink, Frame.Status status) throws Exception {
        state = State.SEEK;
        byte[] bytes = Arrays.copyOf(frame, oversized ? Math.min(size, OVERSIZED_SAMPLE) : size);
        Frame.Status outcome = oversized ? Frame.Status.OVERSIZED : status;
        size = 0;
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
        size = 0;
        skippedSize = 0;
        inner = 0;
        previous = '\n';
    }
}
