package io.meterbridge.dsmr;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.meterbridge.dsmr.DamageHarness.Damage;

/**
 * README, "repairs the ones noise damaged when the repair is provably right": a sample of every class of damage
 * of {@link DamageHarness} (the full run, over a million damaged telegrams, is {@code bench/dsmr-damage} and its
 * table is in docs/DSMR.md). No damaged telegram is ever delivered with a value the meter did not send, the
 * telegrams around a damaged one always arrive, and every single-bit error in a telegram that follows an earlier
 * one is corrected (a CRC digit '1' that lost bit 4 reads as a second '!': {@link #aCrcDigitThatBecameTheEndMarkerIsRepaired}).
 */
class DamageHarnessTest {

    @Test
    void noDamageIsEverDeliveredWrongAndEverySingleBitIsCorrected() throws Exception {
        DamageHarness harness = new DamageHarness();
        harness.run(DamageHarness.demoStream(), 61, 2_000, 97, 11);
        harness.run(DamageHarness.generatedStream(5, 80), 39, 2_000, 39, 12);
        harness.run(DamageHarness.corpusFirsts(), 9, 1_000, 9, 13);
        for (boolean first : new boolean[] { false, true }) {
            for (Damage d : Damage.values()) {
                DamageHarness.Tally t = harness.tally(d, first);
                assertThat(t.wrong).as("%s%s delivered wrong: %s", d.label, first ? " (first telegram)" : "", t.wrongExamples).isZero();
                if (d != Damage.TRUNCATED && d != Damage.RUN_TOGETHER) {
                    assertThat(t.neighboursLost).as("%s: the telegrams around it lost: %s", d.label, t.neighbourExamples).isZero();
                }
            }
        }
        DamageHarness.Tally singleBit = harness.tally(Damage.SINGLE_BIT, false);
        assertThat(singleBit.total()).isGreaterThan(30_000);
        assertThat(singleBit.rejected).as("single-bit errors left uncorrected").isZero();
        assertThat(harness.tally(Damage.BYTE, false).corrected).as("most damaged bytes are repaired too")
                .isGreaterThan(harness.tally(Damage.BYTE, false).total() / 2);
    }

    /** Bit 4 of each CRC digit '1' lost, one at a time: the end marker seems to move into the CRC, and is put back. */
    @Test
    void aCrcDigitThatBecameTheEndMarkerIsRepaired() throws Exception {
        int tried = 0;
        for (DamageHarness.Case c : DamageHarness.generatedStream(3, 60)) {
            String sent = new String(c.sent(), java.nio.charset.StandardCharsets.ISO_8859_1);
            int bang = sent.lastIndexOf('!');
            for (int k = bang + 1; k <= bang + 4; k++) {
                if (sent.charAt(k) != '1') {
                    continue;
                }
                byte[] damaged = c.sent().clone();
                damaged[k] = '!';
                TelegramReader reader = new TelegramReader(TelegramWriter.ZONE, true, false);
                reader.read(c.before(), io.meterbridge.framing.Frame.Status.COMPLETE);
                TelegramReader.Result r = reader.read(damaged, io.meterbridge.framing.Frame.Status.COMPLETE);
                assertThat(r.validity()).as(r.reason()).isEqualTo(Validity.CORRECTED);
                assertThat(r.telegram().getElectricity()).isEqualTo(new TelegramParser(TelegramWriter.ZONE).parse(c.sent()).getElectricity());
                tried++;
            }
        }
        assertThat(tried).isGreaterThan(10);
    }
}
