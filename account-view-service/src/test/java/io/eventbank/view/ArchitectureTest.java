package io.eventbank.view;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import com.tngtech.archunit.lang.ArchRule;
import io.eventbank.testsupport.CommandServiceLayers;
import io.eventbank.view.projection.application.ViewGenerations;
import io.eventbank.view.projection.application.ViewStore;
import io.eventbank.view.rebuild.application.EventHistory;

/**
 * The command services' package rules, plus the view's own: each area ({@code projection},
 * {@code rebuild}) in layers, the application owning the ports that infrastructure implements, and no
 * MongoDB, Kafka or Spring Data type outside infrastructure.
 */
@AnalyzeClasses(packages = "io.eventbank.view", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchTests commandServiceLayers = ArchTests.in(CommandServiceLayers.class);

    @ArchTest
    static final ArchRule layers = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("Domain").definedBy("io.eventbank.view.*.domain..")
            .layer("Application").definedBy("io.eventbank.view.*.application..")
            .layer("Infrastructure").definedBy("io.eventbank.view.*.infrastructure..")
            .layer("Web").definedBy("io.eventbank.view.*.web..")
            .whereLayer("Web").mayNotBeAccessedByAnyLayer()
            .whereLayer("Infrastructure").mayNotBeAccessedByAnyLayer()
            .whereLayer("Application").mayOnlyBeAccessedByLayers("Web", "Infrastructure")
            .whereLayer("Domain").mayOnlyBeAccessedByLayers("Application", "Web", "Infrastructure");

    @ArchTest
    static final ArchRule domainIsPlainJava = noClasses().that().resideInAPackage("..view.*.domain..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "com.mongodb..", "org.bson..",
                    "org.apache.kafka..", "jakarta..", "tools.jackson..", "com.fasterxml..", "io.micrometer..");

    @ArchTest
    static final ArchRule applicationKnowsNoStoreNorTransport = noClasses()
            .that().resideInAPackage("..view.*.application..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "com.mongodb..", "org.bson..",
                    "org.apache.kafka..", "jakarta..", "tools.jackson..", "com.fasterxml..");

    @ArchTest
    static final ArchRule webUsesNoStoreDirectly = noClasses().that().resideInAPackage("..view.*.web..")
            .should().dependOnClassesThat().resideInAnyPackage("com.mongodb..", "org.bson..", "org.apache.kafka..",
                    "org.springframework.data..", "org.springframework.kafka..");

    @ArchTest
    static final ArchRule portsAreImplementedInInfrastructure = classes()
            .that().implement(ViewStore.class).or().implement(ViewGenerations.class)
            .or().implement(EventHistory.class).or().implement(EventHistory.Reading.class)
            .should().resideInAPackage("..view.*.infrastructure..");

    @ArchTest
    static final ArchRule theProjectionKnowsNothingOfTheRebuild = noClasses()
            .that().resideInAPackage("io.eventbank.view.projection..")
            .should().dependOnClassesThat().resideInAPackage("io.eventbank.view.rebuild..");

    @ArchTest
    static final ArchRule everyClassIsInAnArea = classes().that().resideOutsideOfPackage("io.eventbank.view")
            .should().resideInAnyPackage("io.eventbank.view.*.domain..", "io.eventbank.view.*.application..",
                    "io.eventbank.view.*.infrastructure..", "io.eventbank.view.*.web..");
}
