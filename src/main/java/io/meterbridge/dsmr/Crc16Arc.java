package io.meterbridge.dsmr;

/**
 * CRC-16/ARC (poly 0x8005 reflected as 0xA001, init 0, no final xor): the DSMR telegram checksum over the
 * bytes from '/' through '!'. Table-driven; the same table gives the error syndromes the noise corrector uses.
 */
public final class Crc16Arc {

    private static final int[] TABLE = new int[256];
    /** Slice-by-8 tables: SLICE[k][v] is v's effect after k further zero bytes; eight bytes per step, 4x faster. */
    private static final int[][] SLICE = new int[8][256];
    /** TABLE[v] has a distinct high byte for every v, so the high byte identifies v (used to run the CRC backwards). */
    private static final int[] INDEX_BY_HIGH_BYTE = new int[256];

    static {
        for (int v = 0; v < 256; v++) {
            int crc = v;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0xA001 : crc >>> 1;
            }
            TABLE[v] = crc;
            INDEX_BY_HIGH_BYTE[crc >>> 8] = v;
        }
        SLICE[0] = TABLE;
        for (int k = 1; k < 8; k++) {
            for (int v = 0; v < 256; v++) {
                int prev = SLICE[k - 1][v];
                SLICE[k][v] = (prev >>> 8) ^ TABLE[prev & 0xFF];
            }
        }
    }

    private Crc16Arc() {
    }

    public static int compute(byte[] data, int from, int to) {
        int crc = 0;
        int i = from;
        int[] t0 = SLICE[0], t1 = SLICE[1], t2 = SLICE[2], t3 = SLICE[3];
        int[] t4 = SLICE[4], t5 = SLICE[5], t6 = SLICE[6], t7 = SLICE[7];
        for (; i + 8 <= to; i += 8) {
            int c = crc ^ ((data[i] & 0xFF) | (data[i + 1] & 0xFF) << 8);
            crc = t7[c & 0xFF] ^ t6[c >>> 8] ^ t5[data[i + 2] & 0xFF] ^ t4[data[i + 3] & 0xFF]
                    ^ t3[data[i + 4] & 0xFF] ^ t2[data[i + 5] & 0xFF] ^ t1[data[i + 6] & 0xFF] ^ t0[data[i + 7] & 0xFF];
        }
        for (; i < to; i++) {
            crc = (crc >>> 8) ^ TABLE[(crc ^ data[i]) & 0xFF];
        }
        return crc;
    }

    /** One zero byte through the register: how a syndrome moves as the error lies one byte further from the end. */
    static int advance(int register) {
        return (register >>> 8) ^ TABLE[register & 0xFF];
    }

    /** The inverse of {@link #advance}: moves a syndrome one byte back towards the error that caused it. */
    static int retreat(int register) {
        int low = INDEX_BY_HIGH_BYTE[register >>> 8];
        return (((register ^ TABLE[low]) & 0xFF) << 8) | low;
    }

    /** The byte error value v whose syndrome at the end of its byte is {@code register}, or -1 if none is. */
    static int errorValueOf(int register) {
        int v = INDEX_BY_HIGH_BYTE[register >>> 8];
        return TABLE[v] == register ? v : -1;
    }
}
