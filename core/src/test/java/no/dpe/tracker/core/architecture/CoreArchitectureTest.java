package no.dpe.tracker.core.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The domain core knows no framework beyond Axon's annotations and lifecycle, no transport, no database
 * and none of the modules that are built around it (style.md: arrows point inwards).
 */
@AnalyzeClasses(packages = "no.dpe.tracker.core", importOptions = ImportOption.DoNotIncludeTests.class)
class CoreArchitectureTest {

    @ArchTest
    static final ArchRule core_knows_no_spring = noClasses().that().resideInAPackage("no.dpe.tracker.core..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.axonframework.spring..")
            .because("the domain must not depend on the application framework");

    @ArchTest
    static final ArchRule core_knows_no_transport = noClasses().that().resideInAPackage("no.dpe.tracker.core..")
            .should().dependOnClassesThat().resideInAnyPackage("com.azure..", "org.apache.qpid..", "reactor..",
                    "io.netty..")
            .because("Service Bus is an adapter at the edge");

    @ArchTest
    static final ArchRule core_knows_no_database = noClasses().that().resideInAPackage("no.dpe.tracker.core..")
            .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "jakarta.persistence..",
                    "org.flywaydb..", "org.h2..", "org.postgresql..")
            .because("storage is configured by the application, not the domain");

    @ArchTest
    static final ArchRule core_knows_no_other_module = noClasses().that().resideInAPackage("no.dpe.tracker.core..")
            .should().dependOnClassesThat().resideInAnyPackage("no.dpe.tracker.app..", "no.dpe.tracker.projections..",
                    "no.dpe.tracker.gateway..", "no.dpe.tracker.emulator..")
            .because("the other modules depend on core, never the reverse");

    @ArchTest
    static final ArchRule core_packages_are_free_of_cycles = slices().matching("no.dpe.tracker.core.(*)..")
            .should().beFreeOfCycles();
}
