package no.dpe.tracker.app.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The modules depend inwards (style.md): the application wires everything; projections and the gateway
 * know the core and nothing of each other or of the application; the emulator knows none of them.
 */
@AnalyzeClasses(packages = "no.dpe.tracker", importOptions = ImportOption.DoNotIncludeTests.class)
class ModuleArchitectureTest {

    @ArchTest
    static final ArchRule modules_depend_inwards = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("application").definedBy("no.dpe.tracker.app..")
            .layer("projections").definedBy("no.dpe.tracker.projections..")
            .layer("gateway").definedBy("no.dpe.tracker.gateway..")
            .layer("emulator").definedBy("no.dpe.tracker.emulator..")
            .layer("core").definedBy("no.dpe.tracker.core..")
            .whereLayer("application").mayNotBeAccessedByAnyLayer()
            .whereLayer("projections").mayOnlyBeAccessedByLayers("application")
            .whereLayer("gateway").mayOnlyBeAccessedByLayers("application")
            .whereLayer("emulator").mayOnlyBeAccessedByLayers("application")
            .whereLayer("core").mayOnlyBeAccessedByLayers("application", "projections", "gateway");

    @ArchTest
    static final ArchRule projections_and_gateway_know_no_web_framework = noClasses()
            .that().resideInAnyPackage("no.dpe.tracker.projections..", "no.dpe.tracker.gateway..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework.web..",
                    "org.springframework.boot..", "org.springframework.security..")
            .because("HTTP and application wiring belong to tracker-api");

    @ArchTest
    static final ArchRule the_emulator_needs_no_azure_sdk = noClasses()
            .that().resideInAPackage("no.dpe.tracker.emulator..")
            .should().dependOnClassesThat().resideInAPackage("com.azure..")
            .because("it is a broker for the SDK, usable without it");
}
