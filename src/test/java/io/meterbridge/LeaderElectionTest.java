package io.meterbridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.meterbridge.testing.TestGateway;

/**
 * Two replicas sharing a data directory, with application.properties' leader election: the singleton poller runs on
 * the leader only, and when the leader stops the other replica takes over and runs it.
 */
@Timeout(60)
class LeaderElectionTest {

    @TempDir
    Path dir;

    @Test
    void onlyTheLeaderPollsAndAFollowerTakesOver() throws Exception {
        List<String> polls = new CopyOnWriteArrayList<>();
        Main first = replica("first", polls);
        first.start();
        await(polls, 1);
        Main second = replica("second", polls);
        second.start();
        Thread.sleep(2000);
        assertThat(polls).containsExactly("first");
        first.stop();
        await(polls, 2);
        assertThat(polls).containsExactly("first", "second");
        second.stop();
    }

    private Main replica(String name, List<String> polls) {
        Main main = TestGateway.newMain();
        main.addOverrideProperty("camel.main.routes-include-pattern", "classpath:leader-test.camel.yaml");
        main.addOverrideProperty("camel.server.enabled", "false");
        main.addOverrideProperty("camel.management.enabled", "false");
        main.addOverrideProperty("files.directory", dir.toString());
        main.addOverrideProperty("leader.acquire-interval", "1");
        main.configure().addRoutesBuilder(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:polled").process(e -> polls.add(name));
            }
        });
        return main;
    }

    private static void await(List<String> polls, int count) throws InterruptedException {
        long until = System.nanoTime() + 30_000_000_000L;
        while (polls.size() < count && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        assertThat(polls).hasSizeGreaterThanOrEqualTo(count);
    }
}
