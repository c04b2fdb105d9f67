package io.meterbridge.observe;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Outages of polled sources (a HomeWizard P1 meter asked every second), logged once when one begins and once when it
 * ends, instead of a line per failed poll.
 */
public class Outages {

    private static final Logger LOG = LoggerFactory.getLogger(Outages.class);

    /** Source -> how many polls failed since the outage began. */
    private final Map<String, Long> down = new ConcurrentHashMap<>();

    public void down(String source, Exception failure) {
        if (down.merge(source, 1L, Long::sum) == 1L) {
            LOG.warn("{} unreachable: {}; asking again at every poll, and saying so here when it answers", source,
                    failure.getMessage());
        }
    }

    /** A source that answers but refuses what it is asked (wrong credentials): said once, like an outage. */
    public void refused(String source, String why) {
        if (down.merge(source, 1L, Long::sum) == 1L) {
            LOG.warn("{} refused: {}; asking again at every poll, and saying so here when it answers", source, why);
        }
    }

    public void up(String source) {
        Long failed = down.remove(source);
        if (failed != null) {
            LOG.info("{} answers again, after {} failed polls", source, failed);
        }
    }
}
