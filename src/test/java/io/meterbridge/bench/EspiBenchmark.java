package io.meterbridge.bench;

import io.meterbridge.testing.TestCorpus;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.meterbridge.espi.EspiDataFormat;

/**
 * The espi data format on real feeds from src/test/resources/corpus/espi: a PG&E net-metering subscription (447 KB, 436
 * intervals in 25 blocks out of order, 49 billing summaries) and two weeks of 15-minute Green Button data (324 KB,
 * 1340 intervals). One operation is one whole feed, guarded parse to sorted readings. Results in
 * docs/BENCHMARKS.md.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EspiBenchmark {

    @Param({ "eemeter/espi_electricity.xml", "openespi_greenbutton_java/test_usage_data.xml" })
    public String feed;

    private byte[] bytes;
    private CamelContext context;
    private Exchange exchange;
    private final EspiDataFormat format = new EspiDataFormat();

    @Setup
    public void setUp() throws Exception {
        bytes = Files.readAllBytes(TestCorpus.of("espi", feed));
        context = new DefaultCamelContext();
        exchange = new DefaultExchange(context);
    }

    @TearDown
    public void tearDown() throws Exception {
        context.close();
    }

    @Benchmark
    public List<?> unmarshal() throws Exception {
        return (List<?>) format.unmarshal(exchange, (Object) bytes);
    }
}
