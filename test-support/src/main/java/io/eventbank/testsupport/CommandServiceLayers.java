package io.eventbank.testsupport;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The package rules both command services follow; a service includes them with
 * {@code @ArchTest static final ArchTests layers = ArchTests.in(CommandServiceLayers.class)}.
 */
public final class CommandServiceLayers {

    @ArchTest
    public static final ArchRule domainDependsOnNoFrameworks = noClasses()
            .that().resideInAPackage("..domain..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.springframework..", "java.sql..", "javax.sql..", "org.apache.kafka..",
                    "tools.jackson..", "com.fasterxml.jackson..", "jakarta.servlet..", "jakarta.persistence..",
                    "jakarta.validation..", "io.eventbank.support..", "..web..", "..infrastructure..",
                    "..application..");

    @ArchTest
    public static final ArchRule webDoesNotReachInfrastructure = noClasses()
            .that().resideInAPackage("..web..")
            .should().dependOnClassesThat().resideInAPackage("..infrastructure..");

    private CommandServiceLayers() {
    }
}
