package io.meterbridge.dsmr;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.meterbridge.dsmr.DamageHarness.Damage;

/**
 * README, "repairs the ones noise damaged when the repair is provably right": a sample of every class of damage
 * of {@link DamageHarness} (the full run, over a million damaged telegrams, is {@code bench/dsmr-damage} and its
 * table is in docs/DSMR.md). No damaged telegram is ever delivered with a value the meter did not send, the
 * telegrams around a damaged one always arrive, and single-bit errors in a telegram that follows an earlier one
 * are corrected but for the few (under 0.1 %) where a second repair is just as plausible: those are rejected.
 */
class DamageHarnessTest {

    @Test
    void noDamageIsEverDeliveredWrongAndEverySingleBitIsCorrected() throws Exception {
        DamageHarness harness = new DamageHarness();
        harness.run(DamageHarness.demoStream(), 61, 2_000, 97, 11);
        harness.run(DamageHarness.generatedStream(5, 80), 39, 2_000, 39, 12);
        harness.run(DamageHarness.corpusFirsts(), 9, 1_000, 9, 13);
        System.out.print(harness.table());
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
        assertThat(singleBit.rejected).as("single-bit errors left ambiguous, rejected").isLessThan(singleBit.total() / 1000);
        assertThat(harness.tally(Damage.BYTE, false).corrected).as("most damaged bytes are repaired too")
                .isGreaterThan(harness.tally(Damage.BYTE, false).total() / 2);
    }
}
