package io.meterbridge;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The package layout README.md describes, kept: general parts know no protocol, the store knows no HTTP. */
@AnalyzeClasses(packages = "io.meterbridge", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String[] PROTOCOLS = { "..dsmr..", "..dlms..", "..emu2..", "..meterman..", "..glow..", "..mqttjson..",
            "..espi..", "..pge.." };

    @ArchTest
    static final ArchRule framingKnowsNoProtocol = noClasses().that().resideInAPackage("..framing..").should()
            .dependOnClassesThat().resideInAnyPackage(PROTOCOLS)
            .because("each protocol registers its framing by name (META-INF/services/io/meterbridge/framing)");

    @ArchTest
    static final ArchRule readingKnowsNoSourceOrSink = noClasses().that().resideInAPackage("..reading..").should()
            .dependOnClassesThat().resideInAnyPackage(PROTOCOLS).orShould().dependOnClassesThat()
            .resideInAnyPackage("..mqtt..", "..influxdb..", "..files..", "..store..", "..api..", "..spool..")
            .because("the Reading, its fields and the rejections are what every source and sink share");

    @ArchTest
    static final ArchRule storeKnowsNoHttp = noClasses().that().resideInAPackage("..store..").should()
            .dependOnClassesThat().resideInAnyPackage("..api..", "..http..", "io.vertx..", "org.apache.camel.component.platform.http..")
            .because("the REST API in api/ answers for the store; the store's refusals carry no status code");

    @ArchTest
    static final ArchRule noSourceBorrowsFromAnother = noClasses().that().resideOutsideOfPackage("..mqttjson..").should()
            .dependOnClassesThat().resideInAPackage("..mqttjson..")
            .because("what sources share lives in reading/");

    @ArchTest
    static final ArchRule spoolKnowsNoSink = noClasses().that().resideInAPackage("..spool..").should()
            .dependOnClassesThat().resideInAnyPackage("..mqtt..", "..influxdb..", "..files..")
            .because("one durable delivery for every network sink");

    @ArchTest
    static final ArchRule serialKnowsNoProtocol = noClasses().that().resideInAPackage("..serial..").should()
            .dependOnClassesThat().resideInAnyPackage(PROTOCOLS)
            .because("the port and the request/answer rules are shared by every serial device");
}
