package io.eventbank.transfers;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "io.eventbank.transfers", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule domainDependsOnNoFrameworks = noClasses()
            .that().resideInAPackage("..domain..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.springframework..", "java.sql..", "javax.sql..", "org.apache.kafka..",
                    "tools.jackson..", "com.fasterxml.jackson..", "jakarta.servlet..", "jakarta.persistence..",
                    "jakarta.validation..", "io.eventbank.support..", "..web..", "..infrastructure..",
                    "..application..");

    @ArchTest
    static final ArchRule webDoesNotReachInfrastructure = noClasses()
            .that().resideInAPackage("..web..")
            .should().dependOnClassesThat().resideInAPackage("..infrastructure..");
}
