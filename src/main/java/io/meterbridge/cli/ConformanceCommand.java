package io.meterbridge.cli;

import java.io.PrintStream;
import java.util.List;

/**
 * {@code conformance DIR}: how many samples of a corpus (src/test/resources/corpus in the source tree) decode with the
 * values their sources expect, per folder; exit code 1 below 100%.
 */
final class ConformanceCommand {

    static final String USAGE = "conformance DIR    (a corpus: <kind>/<source>/expected.jsonl, e.g. src/test/resources/corpus)";

    private ConformanceCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        if (args.length != 2) {
            err.println("usage: " + USAGE);
            return 2;
        }
        List<Conformance.Outcome> outcomes = Conformance.run(Conformance.directory(args[1]));
        if (outcomes.isEmpty()) {
            err.println("conformance: no expected.jsonl below " + args[1]);
            return 1;
        }
        out.print(Conformance.report(outcomes));
        return Conformance.complete(outcomes) ? 0 : 1;
    }
}
